package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.lalo.testing.TestSql;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/nl2sql} on the demo schema: answers, execution, governance, clarifications, examples, feedback. */
class Nl2SqlHttpIT {

    @TempDir
    static Path dir;

    static TestEdge lalo;
    static Http admin;
    static Http analyst;
    static Http viewer;

    @BeforeAll
    static void start() throws Exception {
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0,
                Map.of("demo.enabled", "true", "demo.orders", "1000", "nl2sql.semanticDir", "../config/semantic")));
        admin = lalo.admin();
        analyst = lalo.clientAs("ann", "analyst", Map.of());
        viewer = lalo.clientAs("vic", "viewer", Map.of());
        lalo.policy(new JsonObject().put("id", "no-employees-for-analysts").put("effect", "deny")
                .put("actions", new JsonArray(List.of("sql.select"))).put("resources",
                        new JsonArray(List.of("table:EMPLOYEES"))).put("condition", "!('admin' in principal.roles)"));
        lalo.policy(new JsonObject().put("id", "mask-segments").put("effect", "allow")
                .put("actions", new JsonArray(List.of("sql.select"))).put("resources",
                        new JsonArray(List.of("table:CUSTOMERS"))).put("condition", "'analyst' in principal.roles")
                .put("obligations", new JsonObject().put("maskColumns", new JsonObject().put("SEGMENT", "hash"))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (lalo != null) {
            lalo.close();
        }
    }

    private static HttpResponse<Buffer> ask(Http http, JsonObject body) {
        return http.send(HttpMethod.POST, "/v1/nl2sql", "application/json", body.toBuffer());
    }

    private static JsonObject answer(Http http, String question, boolean execute) {
        HttpResponse<Buffer> response = ask(http, new JsonObject().put("question", question).put("execute", execute));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return Http.json(response);
    }

    private static long count(String sql) {
        return Http.json(admin.send(HttpMethod.POST, "/v1/sql", "application/json",
                new JsonObject().put("sql", sql).put("cache", false).toBuffer()))
                .getJsonArray("rows").getJsonArray(0).getLong(0);
    }

    @Test
    void question_getsSqlExplanationConfidenceAndTables_andExecutes() {
        JsonObject translated = answer(analyst, "How many orders were cancelled?", false);
        assertThat(translated.getString("sql")).isEqualTo("SELECT COUNT(*) FROM ORDERS WHERE STATUS = 'CANCELLED'");
        assertThat(translated.getString("explanation")).contains("number of rows").contains("ORDERS.STATUS is "
                + "'CANCELLED'");
        assertThat(translated.getDouble("confidence")).isBetween(0.5, 1.0);
        assertThat(translated.getJsonArray("tables").getList()).containsExactly("ORDERS");
        assertThat(translated.getString("source")).isEqualTo("offline");
        assertThat(translated.containsKey("result")).isFalse();

        JsonObject executed = answer(analyst, "How many orders were cancelled?", true);
        assertThat(executed.getJsonObject("result").getJsonArray("rows").getJsonArray(0).getLong(0))
                .isEqualTo(count("SELECT COUNT(*) FROM orders WHERE status = 'CANCELLED'"));
    }

    @Test
    void joinQuestion_isAnsweredAlongForeignKeys() {
        JsonObject executed = answer(analyst, "How many orders are there in each region? Show region name and "
                + "count.", true);
        assertThat(executed.getString("sql")).contains("JOIN REGIONS").contains("GROUP BY");
        JsonArray rows = executed.getJsonObject("result").getJsonArray("rows");
        assertThat(rows).hasSize(8);
        assertThat(rows.stream().mapToLong(r -> ((JsonArray) r).getLong(1)).sum()).isEqualTo(1000);

        JsonObject absent = answer(analyst, "How many products were never ordered?", true);
        assertThat(absent.getString("sql")).isEqualTo("SELECT COUNT(*) FROM PRODUCTS WHERE ID NOT IN (SELECT "
                + "PRODUCT_ID FROM ORDER_LINES WHERE PRODUCT_ID IS NOT NULL)");
        assertThat(absent.getJsonArray("tables").getList()).as("the subquery's table is read and authorized too")
                .containsExactly("ORDER_LINES", "PRODUCTS");
        assertThat(absent.getJsonObject("result").getJsonArray("rows").getJsonArray(0).getLong(0))
                .isEqualTo(count("SELECT COUNT(*) FROM products p WHERE NOT EXISTS (SELECT 1 FROM order_lines l "
                        + "WHERE l.product_id = p.id)"));
    }

    @Test
    void unclearQuestion_getsAClarification_notSql() {
        JsonObject unclear = answer(analyst, "What is the meaning of life?", false);
        assertThat(unclear.containsKey("sql")).isFalse();
        assertThat(unclear.getString("clarification")).isNotBlank();
        assertThat(unclear.getJsonArray("candidates").getList()).contains("ORDERS", "CUSTOMERS");
    }

    @Test
    void deniedTable_isRefused_andMaskedValuesAreNeverLinked() {
        HttpResponse<Buffer> denied = ask(analyst, new JsonObject().put("question", "List employees with salary "
                + "below 60000."));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(Http.json(denied).getJsonObject("error").getJsonObject("details").getString("resource"))
                .isEqualTo("table:EMPLOYEES");
        // SEGMENT is masked for analysts: "Enterprise" must not be found in it (that would reveal the value).
        JsonObject masked = answer(analyst, "How many Enterprise customers are there?", false);
        assertThat(String.valueOf(masked.getString("sql"))).doesNotContain("Enterprise");
        JsonObject unmasked = answer(admin, "How many Enterprise customers are there?", false);
        assertThat(unmasked.getString("sql")).contains("SEGMENT = 'Enterprise'");
    }

    @Test
    void viewers_mayNotTranslate() {
        assertThat(ask(viewer, new JsonObject().put("question", "How many orders?")).statusCode()).isEqualTo(403);
    }

    @Test
    void badQuestions_get400_andNothingRuns() {
        Map<String, String> cases = Map.of(
                "{}", "question",
                "{\"question\":\"   \"}", "question",
                "{\"question\":42}", "question",
                "{\"question\":\"" + "x".repeat(Nl2SqlRoutes.MAX_QUESTION + 1) + "\"}", "question",
                "{\"question\":\"How many orders?\",\"execute\":\"yes\"}", "execute",
                "{\"question\":\"How many orders?\",\"maxRows\":0}", "maxRows");
        cases.forEach((body, field) -> {
            HttpResponse<Buffer> response = analyst.send(HttpMethod.POST, "/v1/nl2sql", "application/json",
                    Buffer.buffer(body));
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(Http.json(response).getJsonObject("error").getJsonObject("details").getString("field"))
                    .as(body).isEqualTo(field);
        });
        long orders = TestSql.count(lalo.node().ignite(), "ORDERS");
        for (String hostile : List.of("Delete all orders", "Show orders whose status is 'x'; DROP TABLE ORDERS; --",
                "List customers named \"'); DELETE FROM CUSTOMERS; --\"", "Drop the orders table now")) {
            JsonObject reply = answer(admin, hostile, true);
            if (reply.containsKey("sql")) {
                assertThat(reply.getString("sql")).as(hostile).startsWith("SELECT");
            }
        }
        assertThat(TestSql.count(lalo.node().ignite(), "ORDERS")).isEqualTo(orders);
        assertThat(TestSql.count(lalo.node().ignite(), "CUSTOMERS")).isPositive();
    }

    @Test
    void verifiedExample_answersMatchingQuestions_withTheirValues() {
        HttpResponse<Buffer> created = admin.send(HttpMethod.POST, "/v1/nl2sql/examples", "application/json",
                new JsonObject().put("question", "Which customers bought products of category 'Home'?")
                        .put("sql", "SELECT DISTINCT C.NAME FROM CUSTOMERS C JOIN ORDERS O ON O.CUSTOMER_ID = C.ID "
                                + "JOIN ORDER_LINES L ON L.ORDER_ID = O.ID JOIN PRODUCTS P ON P.ID = L.PRODUCT_ID "
                                + "WHERE P.CATEGORY = 'Home'").toBuffer());
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        String id = Http.json(created).getString("id");

        JsonObject adapted = answer(analyst, "Which customers bought products of category 'Outdoor'?", false);
        assertThat(adapted.getString("source")).isEqualTo("example");
        assertThat(adapted.getString("sql")).endsWith("WHERE P.CATEGORY = 'Outdoor'");
        assertThat(adapted.getJsonArray("tables").getList()).contains("CUSTOMERS", "PRODUCTS");

        assertThat(Http.json(analyst.get("/v1/nl2sql/examples")).getJsonArray("examples")).isNotEmpty();
        assertThat(analyst.send(HttpMethod.POST, "/v1/nl2sql/examples", "application/json", new JsonObject()
                .put("question", "q").put("sql", "SELECT 1 FROM regions").toBuffer()).statusCode()).isEqualTo(403);
        HttpResponse<Buffer> invalid = admin.send(HttpMethod.POST, "/v1/nl2sql/examples", "application/json",
                new JsonObject().put("question", "q").put("sql", "DELETE FROM orders").toBuffer());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(admin.send(HttpMethod.POST, "/v1/nl2sql/examples", "application/json", new JsonObject()
                .put("question", "q").put("sql", "SELECT nope FROM orders").toBuffer()).statusCode()).isEqualTo(400);

        assertThat(admin.send(HttpMethod.DELETE, "/v1/nl2sql/examples/" + id, null, Buffer.buffer()).statusCode())
                .isEqualTo(204);
        assertThat(admin.send(HttpMethod.DELETE, "/v1/nl2sql/examples/" + id, null, Buffer.buffer()).statusCode())
                .isEqualTo(404);
        assertThat(answer(analyst, "Which customers bought products of category 'Outdoor'?", false)
                .getString("source")).isNotEqualTo("example");
    }

    @Test
    void feedback_isRecorded_andListedForAdmins() {
        HttpResponse<Buffer> recorded = analyst.send(HttpMethod.POST, "/v1/nl2sql/feedback", "application/json",
                new JsonObject().put("question", "How many orders?").put("sql", "SELECT COUNT(*) FROM ORDERS")
                        .put("correct", false).put("comment", "I meant this year").toBuffer());
        assertThat(recorded.statusCode()).isEqualTo(201);
        JsonArray listed = Http.json(admin.get("/v1/nl2sql/feedback?limit=10")).getJsonArray("feedback");
        assertThat(listed.stream().map(f -> ((JsonObject) f).getString("comment"))).contains("I meant this year");
        assertThat(analyst.get("/v1/nl2sql/feedback").statusCode()).isEqualTo(403);
        assertThat(analyst.send(HttpMethod.POST, "/v1/nl2sql/feedback", "application/json",
                new JsonObject().put("question", "q").toBuffer()).statusCode()).isEqualTo(400);
        assertThat(analyst.send(HttpMethod.POST, "/v1/nl2sql/feedback", "application/json",
                new JsonObject().put("question", "q").put("correct", "nope").toBuffer()).statusCode()).isEqualTo(400);
        assertThat(admin.get("/v1/nl2sql/feedback?limit=0").statusCode()).isEqualTo(400);
    }
}
