package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/ask} on the demo: the ask workflow routes to tables, documents or both, as the caller. */
class AskHttpIT {

    @TempDir
    static Path dir;

    static TestEdge lalo;
    static Http ann;
    static Http vic;

    @BeforeAll
    static void start() throws Exception {
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0,
                Map.of("demo.enabled", "true", "demo.orders", "1000")));
        ann = lalo.clientAs("ann", "analyst", Map.of());
        vic = lalo.clientAs("vic", "viewer", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> lalo.rag().indexer().orElseThrow().index().size() > 0);
    }

    @AfterAll
    static void stop() throws Exception {
        lalo.close();
    }

    private static JsonObject ask(Http client, String question) {
        HttpResponse<Buffer> response = client.send(HttpMethod.POST, "/v1/ask", "application/json",
                new JsonObject().put("question", question).toBuffer());
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return Http.json(response);
    }

    @Test
    void dataQuestion_isAnsweredFromTheTables() {
        JsonObject answer = ask(ann, "How many orders are there?");
        assertThat(answer.getString("status")).isEqualTo("success");
        JsonObject values = answer.getJsonObject("values");
        assertThat(values.getString("route")).isEqualTo("tables");
        JsonObject table = values.getJsonObject("table");
        assertThat(table.getString("sql")).containsIgnoringCase("count").containsIgnoringCase("orders");
        assertThat(table.getJsonArray("rows").getJsonArray(0).getLong(0)).isEqualTo(1000L);
        assertThat(answer.getString("answer")).startsWith("Answered from the tables");
        JsonArray history = Http.json(ann.get("/v1/threads/" + answer.getString("threadId") + "/history"))
                .getJsonArray("checkpoints");
        assertThat(history).hasSize(4);
    }

    @Test
    void documentQuestion_isAnsweredFromTheHandbook_withCitations() {
        JsonObject answer = ask(vic, "How long do refunds take?");
        JsonObject values = answer.getJsonObject("values");
        assertThat(values.getString("route")).isEqualTo("documents");
        assertThat(answer.getString("answer")).contains("five business days");
        JsonObject citation = values.getJsonObject("answer").getJsonArray("citations").getJsonObject(0);
        assertThat(citation.getString("docId")).isEqualTo("demo-returns-policy");
    }

    @Test
    void mixedQuestion_asksBoth_inParallel() {
        JsonObject answer = ask(ann, "How many orders were returned, and what is the refund policy?");
        JsonObject values = answer.getJsonObject("values");
        assertThat(values.getString("route")).isEqualTo("both");
        assertThat(values.getJsonObject("table").getString("sql")).isNotBlank();
        assertThat(values.getJsonObject("answer").getString("text")).isNotBlank();
        assertThat(answer.getString("answer")).contains("Answered from the tables: SELECT");
        JsonArray history = Http.json(ann.get("/v1/threads/" + answer.getString("threadId") + "/history"))
                .getJsonArray("checkpoints");
        assertThat(history.getJsonObject(2).getJsonArray("next")).containsExactly("documents", "tables");
    }

    @Test
    void aViewer_getsNoTableData_butTheRunStillAnswers() {
        JsonObject answer = ask(vic, "How many orders are there?");
        assertThat(answer.getString("status")).isEqualTo("success");
        JsonObject table = answer.getJsonObject("values").getJsonObject("table");
        assertThat(table.getString("error")).isNotBlank();
        assertThat(table.containsKey("rows")).isFalse();
        assertThat(answer.getString("answer")).isEqualTo("No answer was found for this question.");
    }

    @Test
    void streamedAsk_showsEachStep_thenTheAnswer() {
        HttpResponse<Buffer> response = ann.send(HttpMethod.POST, "/v1/ask/stream", "application/json",
                new JsonObject().put("question", "How long do refunds take?").toBuffer());
        assertThat(response.statusCode()).isEqualTo(200);
        var events = WorkflowHttpIT.events(response.bodyAsString());
        assertThat(events).extracting(Map.Entry::getKey).containsExactly("metadata", "updates", "updates",
                "updates", "updates", "result", "end");
        assertThat(new JsonObject(events.get(2).getValue()).getJsonObject("updates").getJsonObject("route")
                .getString("route")).isEqualTo("documents");
        assertThat(new JsonObject(events.get(5).getValue()).getString("answer")).contains("five business days");
    }

    @Test
    void sqlNode_runsGovernedSqlWithParametersFromTheState() {
        JsonObject definition = new JsonObject()
                .put("id", "status-count").put("entry", "count")
                .put("state", new JsonObject().put("status", new JsonObject().put("reducer", "last"))
                        .put("rows", new JsonObject().put("reducer", "last")))
                .put("nodes", new JsonObject().put("count", new JsonObject().put("type", "sql")
                        .put("sql", "SELECT COUNT(*) AS N FROM ORDERS WHERE STATUS = ?")
                        .put("params", new JsonArray().add("state.status"))))
                .put("edges", new JsonArray().add(new JsonObject().put("from", "count").put("to", "__end__")));
        HttpResponse<Buffer> created = ann.send(HttpMethod.POST, "/v1/workflows", "application/json",
                definition.toBuffer());
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        String thread = Http.json(ann.send(HttpMethod.POST, "/v1/threads", "application/json",
                new JsonObject().toBuffer())).getString("threadId");
        JsonObject run = Http.json(ann.send(HttpMethod.POST, "/v1/threads/" + thread + "/runs/wait",
                "application/json", new JsonObject().put("workflow", "status-count")
                        .put("input", new JsonObject().put("status", "DELIVERED")).toBuffer()));
        assertThat(run.getString("status")).as(run.encode()).isEqualTo("success");
        JsonObject rows = run.getJsonObject("values").getJsonObject("rows");
        assertThat(rows.getJsonArray("columns")).containsExactly("N");
        assertThat(rows.getJsonArray("rows").getJsonArray(0).getLong(0)).isPositive().isLessThan(1000L);
    }

    @Test
    void badRequests_areRefused() {
        assertThat(ann.send(HttpMethod.POST, "/v1/ask", "application/json", new JsonObject().toBuffer())
                .statusCode()).isEqualTo(400);
        try (Http anonymous = new Http(lalo.port(), null)) {
            assertThat(anonymous.send(HttpMethod.POST, "/v1/ask", "application/json",
                    new JsonObject().put("question", "hi").toBuffer()).statusCode()).isEqualTo(401);
        }
    }
}
