package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * NL2SQL with an LLM configured. The LLM is a stand-in — a real HTTP server in this test speaking the
 * chat-completions protocol — because the real one is a third-party service we cannot run here. It answers from a
 * script: valid SQL, invalid SQL (to trigger the repair round) or HTTP errors (to open the circuit breaker).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Nl2SqlLlmIT {

    @TempDir
    static Path dir;

    static final String KEY = "test-llm-key-123";
    static Vertx vertx;
    static HttpServer server;
    static TestEdge lalo;
    static Http analyst;
    /** What the stand-in answers next: SQL text, or "HTTP 500". */
    static final ConcurrentLinkedQueue<String> script = new ConcurrentLinkedQueue<>();
    static final List<JsonObject> requests = new CopyOnWriteArrayList<>();
    static final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = Http.await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            requests.add(body.toJsonObject());
            authorizations.add(String.valueOf(request.getHeader("Authorization")));
            String next = script.poll();
            if (next == null || next.startsWith("HTTP ")) {
                request.response().setStatusCode(next == null ? 503 : Integer.parseInt(next.substring(5))).end();
                return;
            }
            request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("id", "chatcmpl-1").put("object", "chat.completion")
                    .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("finish_reason", "stop")
                            .put("message", new JsonObject().put("role", "assistant")
                                    .put("content", "```sql\n" + next + ";\n```")))).encode());
        })).listen(0, "127.0.0.1"));
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0, Map.of("demo.enabled", "true",
                "demo.orders", "1000", "nl2sql.llm.url", "http://127.0.0.1:" + server.actualPort()
                        + "/v1/chat/completions", "nl2sql.llm.model", "stand-in-1", "nl2sql.llm.apiKey", KEY,
                "nl2sql.llm.timeout", "5s")));
        analyst = lalo.clientAs("ann", "analyst", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (lalo != null) {
            lalo.close();
        }
        if (vertx != null) {
            Http.await(vertx.close());
        }
    }

    @BeforeEach
    void reset() {
        script.clear();
        requests.clear();
        authorizations.clear();
    }

    private static JsonObject ask(String question) {
        var response = analyst.send(HttpMethod.POST, "/v1/nl2sql", "application/json",
                new JsonObject().put("question", question).put("execute", true).toBuffer());
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return Http.json(response);
    }

    @Test
    @Order(1)
    void llmAnswer_isValidatedAndRun_withSchemaInThePrompt() {
        script.add("SELECT COUNT(*) AS N FROM ORDERS WHERE STATUS = 'SHIPPED'");
        JsonObject answer = ask("How many orders have shipped?");
        assertThat(answer.getString("source")).isEqualTo("llm");
        assertThat(answer.getString("sql")).isEqualTo("SELECT COUNT(*) AS N FROM ORDERS WHERE STATUS = 'SHIPPED'");
        assertThat(answer.getJsonObject("result").getJsonArray("rows").getJsonArray(0).getLong(0)).isPositive();
        assertThat(requests).hasSize(1);
        JsonObject prompt = requests.get(0);
        assertThat(prompt.getString("model")).isEqualTo("stand-in-1");
        String system = prompt.getJsonArray("messages").getJsonObject(0).getString("content");
        assertThat(system).contains("TABLE ORDERS").contains("STATUS VARCHAR");
        assertThat(authorizations).containsOnly("Bearer " + KEY);
    }

    @Test
    @Order(2)
    void invalidLlmSql_getsOneRepairRound_withTheValidatorsMessage() {
        script.add("SELECT COUNT(*) FROM ORDER_TABLE");
        script.add("SELECT COUNT(*) FROM ORDERS");
        JsonObject answer = ask("How many orders are there?");
        assertThat(answer.getString("source")).isEqualTo("llm");
        assertThat(answer.getString("sql")).isEqualTo("SELECT COUNT(*) FROM ORDERS");
        assertThat(requests).hasSize(2);
        JsonArray repair = requests.get(1).getJsonArray("messages");
        assertThat(repair.getJsonObject(repair.size() - 1).getString("content")).contains("not valid")
                .containsIgnoringCase("ORDER_TABLE");
    }

    /** Last: it leaves the circuit open. */
    @Test
    @Order(3)
    void llmThatKeepsFailing_fallsBackOffline_andItsCircuitOpens() {
        script.add("DELETE FROM ORDERS");
        script.add("DROP TABLE ORDERS");
        JsonObject refused = ask("How many orders were cancelled?");
        assertThat(refused.getString("source")).isEqualTo("offline");
        assertThat(refused.getString("sql")).isEqualTo("SELECT COUNT(*) FROM ORDERS WHERE STATUS = 'CANCELLED'");

        script.add("HTTP 500");
        script.add("HTTP 500");
        ask("How many orders were returned?");
        ask("How many orders are processing?");
        int callsWhileFailing = requests.size();
        JsonObject whileOpen = ask("How many orders were shipped?");
        assertThat(whileOpen.getString("source")).isEqualTo("offline");
        assertThat(requests).as("no LLM call while the circuit is open").hasSize(callsWhileFailing);
        assertThat(lalo.sql().nl2sql().llmState()).isEqualTo("open");
    }
}
