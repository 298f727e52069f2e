package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.governance.ColumnMask;
import io.lalo.governance.Obligations;
import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.lalo.testing.TestSql;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/sql} on the demo schema: results, validation errors, governance refusals, audit. */
class SqlHttpIT {

    @TempDir
    static Path dir;

    static TestEdge lalo;
    static Http admin;
    static Http analyst;
    static Http viewer;
    static Http regional;

    @BeforeAll
    static void start() throws Exception {
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0,
                Map.of("demo.enabled", "true", "demo.orders", "1000")));
        admin = lalo.admin();
        analyst = lalo.clientAs("ann", "analyst", Map.of());
        viewer = lalo.clientAs("vic", "viewer", Map.of());
        regional = lalo.clientAs("rita", "analyst", Map.of("region", "3"));
        lalo.policy(new JsonObject().put("id", "regional-orders").put("effect", "allow")
                .put("actions", new JsonArray(List.of("sql.select"))).put("resources",
                        new JsonArray(List.of("table:ORDERS"))).put("condition", "has(principal.attributes.region)")
                .put("obligations", new JsonObject().put("rowFilters",
                        new JsonArray(List.of("REGION_ID = {principal.attributes.region}")))));
        lalo.policy(new JsonObject().put("id", "no-employees-for-analysts").put("effect", "deny")
                .put("actions", new JsonArray(List.of("sql.select"))).put("resources",
                        new JsonArray(List.of("table:EMPLOYEES"))).put("condition", "!('admin' in principal.roles)"));
        lalo.policy(new JsonObject().put("id", "mask-customer-emails").put("effect", "allow")
                .put("actions", new JsonArray(List.of("sql.select"))).put("resources",
                        new JsonArray(List.of("table:CUSTOMERS"))).put("condition", "'analyst' in principal.roles")
                .put("obligations", new JsonObject().put("maskColumns", new JsonObject().put("EMAIL", "partial")
                        .put("NAME", "hash"))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (lalo != null) {
            lalo.close();
        }
    }

    private static HttpResponse<Buffer> sql(Http http, JsonObject body) {
        return http.send(HttpMethod.POST, "/v1/sql", "application/json", body.toBuffer());
    }

    private static HttpResponse<Buffer> sql(Http http, String statement) {
        return sql(http, new JsonObject().put("sql", statement));
    }

    private static JsonObject error(HttpResponse<Buffer> response) {
        return Http.json(response).getJsonObject("error");
    }

    @Test
    void analyst_queriesWithParameters_joinsAndGroups() {
        JsonObject count = Http.json(sql(analyst, new JsonObject()
                .put("sql", "SELECT COUNT(*) AS N FROM orders WHERE status = ?")
                .put("params", new JsonArray(List.of("DELIVERED")))));
        assertThat(count.getString("kind")).isEqualTo("query");
        assertThat(count.getJsonArray("columns").getJsonObject(0).getString("name")).isEqualTo("N");
        long delivered = count.getJsonArray("rows").getJsonArray(0).getLong(0);
        assertThat(delivered).isBetween(500L, 800L);

        JsonObject byRegion = Http.json(sql(analyst, "SELECT r.name, COUNT(*) AS orders, SUM(o.total) AS revenue "
                + "FROM orders o JOIN regions r ON r.id = o.region_id GROUP BY r.name ORDER BY r.name"));
        assertThat(byRegion.getJsonArray("rows")).hasSize(8);
        long total = byRegion.getJsonArray("rows").stream().mapToLong(r -> ((JsonArray) r).getLong(1)).sum();
        assertThat(total).isEqualTo(1000);
        assertThat(byRegion.getJsonArray("rows").getJsonArray(0).getValue(2)).isInstanceOf(String.class);
    }

    @Test
    void rowCap_truncates_andCsvIsOffered() {
        JsonObject capped = Http.json(sql(analyst, new JsonObject().put("sql", "SELECT id FROM orders ORDER BY id")
                .put("maxRows", 5)));
        assertThat(capped.getJsonArray("rows")).hasSize(5);
        assertThat(capped.getBoolean("truncated")).isTrue();
        HttpResponse<Buffer> csv = Http.await(analyst.request(HttpMethod.POST, "/v1/sql")
                .putHeader("Content-Type", "application/json").putHeader("Accept", "text/csv")
                .sendBuffer(new JsonObject().put("sql", "SELECT id, name FROM regions ORDER BY id").toBuffer()));
        assertThat(csv.getHeader("Content-Type")).startsWith("text/csv");
        assertThat(csv.bodyAsString()).startsWith("ID,NAME\n1,North America East\n");
    }

    @Test
    void jsonNumbers_matchBigintKeys_inPointLookups() {
        // JSON numbers arrive as Integer; ORDERS.ID is BIGINT on a partitioned table (Ignite fails the raw Integer).
        JsonObject order = Http.json(sql(analyst, new JsonObject().put("sql", "SELECT id, status FROM orders WHERE "
                + "id = ?").put("params", new JsonArray(List.of(5)))));
        assertThat(order.getJsonArray("rows").getJsonArray(0).getLong(0)).isEqualTo(5L);
        JsonObject lines = Http.json(sql(analyst, new JsonObject().put("sql", "SELECT COUNT(*) FROM order_lines "
                + "WHERE order_id = ?").put("params", new JsonArray(List.of("7")))));
        assertThat(lines.getJsonArray("rows").getJsonArray(0).getLong(0)).isPositive();
    }

    @Test
    void invalidSql_gets400WithPosition_andNothingRuns() {
        JsonObject unknown = error(sql(analyst, "SELECT id\nFROM suppliers"));
        assertThat(unknown.getString("code")).isEqualTo("SQL_INVALID");
        assertThat(unknown.getJsonObject("details").getInteger("line")).isEqualTo(2);
        assertThat(unknown.getJsonObject("details").getInteger("column")).isEqualTo(6);
        assertThat(error(sql(analyst, "SELECT * FROM orders; DELETE FROM orders")).getString("code"))
                .isEqualTo("SQL_INVALID");
        assertThat(error(sql(analyst, "SELEC id FROM orders")).getString("code")).isEqualTo("SQL_INVALID");
        assertThat(TestSql.count(lalo.node().ignite(), "ORDERS")).isEqualTo(1000);
    }

    @Test
    void dmlAndDdl_areForAdminsOnly() {
        HttpResponse<Buffer> delete = sql(analyst, "DELETE FROM orders WHERE id = 1");
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(error(delete).getJsonObject("details").getString("action")).isEqualTo("sql.dml");
        assertThat(sql(analyst, "CREATE TABLE sneaky (id INT PRIMARY KEY)").statusCode()).isEqualTo(403);
        assertThat(TestSql.count(lalo.node().ignite(), "ORDERS")).isEqualTo(1000);

        JsonObject created = Http.json(sql(admin, "CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(100))"));
        assertThat(created.getString("kind")).isEqualTo("ddl");
        JsonObject inserted = Http.json(sql(admin, new JsonObject()
                .put("sql", "INSERT INTO notes (id, body) VALUES (?, ?)").put("params", new JsonArray(List.of(1, "hi")))));
        assertThat(inserted.getLong("updateCount")).isEqualTo(1);
        assertThat(Http.json(admin.get("/v1/catalog/tables/NOTES")).getString("name")).isEqualTo("NOTES");
    }

    @Test
    void deniedTable_isRefusedWithThePolicy_evenInsideASubquery() {
        HttpResponse<Buffer> refused = sql(analyst, "SELECT id FROM orders WHERE employee_id IN "
                + "(SELECT id FROM employees WHERE salary > 100000)");
        assertThat(refused.statusCode()).isEqualTo(403);
        JsonObject details = error(refused).getJsonObject("details");
        assertThat(details.getJsonArray("policyIds").getList()).containsExactly("no-employees-for-analysts");
        assertThat(details.getString("resource")).isEqualTo("table:EMPLOYEES");
        assertThat(Http.json(sql(admin, "SELECT COUNT(*) FROM employees")).getJsonArray("rows")).hasSize(1);
    }

    @Test
    void maskedColumn_neverLeaks_throughAnyPath() {
        String[] attempts = {
            "SELECT * FROM customers",
            "SELECT email FROM customers WHERE id = 1",
            "SELECT UPPER(email) || '!' AS shout FROM customers",
            "SELECT c.email, o.total FROM orders o JOIN customers c ON c.id = o.customer_id",
            "SELECT id FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE email LIKE '%@customer%')",
            "SELECT email, COUNT(*) FROM customers GROUP BY email",
            "SELECT x.e FROM (SELECT email AS e FROM customers ORDER BY email) x",
            "WITH c AS (SELECT email FROM customers) SELECT email FROM c",
            "SELECT email FROM customers UNION SELECT name FROM regions"};
        for (String attempt : attempts) {
            HttpResponse<Buffer> response = sql(analyst, new JsonObject().put("sql", attempt).put("maxRows", 100000));
            assertThat(response.statusCode()).as(attempt + " → " + response.bodyAsString()).isEqualTo(200);
            assertThat(response.bodyAsString()).as(attempt).doesNotContain("@customer.example");
        }
        JsonObject masked = Http.json(sql(analyst, "SELECT email, name FROM customers WHERE id = 1"));
        String email = masked.getJsonArray("rows").getJsonArray(0).getString(0);
        assertThat(email).startsWith("****").hasSize(8);
        assertThat(masked.getJsonArray("rows").getJsonArray(0).getString(1)).startsWith("h:");
        String real = Http.json(sql(admin, "SELECT email FROM customers WHERE id = 1")).getJsonArray("rows")
                .getJsonArray(0).getString(0);
        assertThat(real).contains("@customer.example").endsWith(email.substring(4));
        assertThat(Http.json(sql(analyst, "SELECT COUNT(*) FROM customers WHERE email LIKE '%@customer%'"))
                .getJsonArray("rows").getJsonArray(0).getLong(0)).isZero();
    }

    @Test
    void sqlMasks_equalTheMasksGovernanceAppliesElsewhere() {
        JsonArray plain = Http.json(sql(admin, "SELECT email, name FROM customers WHERE id = 7"))
                .getJsonArray("rows").getJsonArray(0);
        JsonArray masked = Http.json(sql(analyst, "SELECT email, name FROM customers WHERE id = 7"))
                .getJsonArray("rows").getJsonArray(0);
        assertThat(masked.getString(0)).isEqualTo(ColumnMask.apply(Obligations.MaskKind.PARTIAL, plain.getString(0)));
        assertThat(masked.getString(1)).isEqualTo(ColumnMask.apply(Obligations.MaskKind.HASH, plain.getString(1)));
    }

    @Test
    void rowFilter_limitsEveryRead_toTheCallersRegion() {
        long all = Http.json(sql(admin, "SELECT COUNT(*) FROM orders")).getJsonArray("rows").getJsonArray(0).getLong(0);
        long region3 = Http.json(sql(admin, "SELECT COUNT(*) FROM orders WHERE region_id = 3")).getJsonArray("rows")
                .getJsonArray(0).getLong(0);
        assertThat(Http.json(sql(regional, "SELECT COUNT(*) FROM orders")).getJsonArray("rows").getJsonArray(0)
                .getLong(0)).isEqualTo(region3).isLessThan(all);
        JsonObject viaJoin = Http.json(sql(regional, "SELECT DISTINCT o.region_id FROM order_lines l "
                + "JOIN orders o ON o.id = l.order_id"));
        assertThat(viaJoin.getJsonArray("rows")).hasSize(1);
        assertThat(viaJoin.getJsonArray("rows").getJsonArray(0).getInteger(0)).isEqualTo(3);
        assertThat(Http.json(sql(regional, "SELECT COUNT(*) FROM orders WHERE region_id <> 3"))
                .getJsonArray("rows").getJsonArray(0).getLong(0)).isZero();
    }

    @Test
    void explain_showsLogicalPlanRewriteAndIgnitePlan_withoutRunning() {
        JsonObject plan = Http.json(analyst.send(HttpMethod.POST, "/v1/sql/explain", "application/json",
                new JsonObject().put("sql", "SELECT c.email FROM customers c JOIN orders o ON o.customer_id = c.id")
                        .toBuffer()));
        assertThat(plan.getString("logicalPlan")).contains("LogicalJoin").contains("CUSTOMERS");
        assertThat(plan.getString("rewrittenSql")).contains("SUBSTRING").contains("'****'");
        assertThat(plan.getString("ignitePlan")).containsIgnoringCase("Ignite");
        assertThat(plan.getJsonArray("tables").getList()).containsExactly("CUSTOMERS", "ORDERS");
        HttpResponse<Buffer> dml = analyst.send(HttpMethod.POST, "/v1/sql/explain", "application/json",
                new JsonObject().put("sql", "DELETE FROM orders").toBuffer());
        assertThat(dml.statusCode()).isEqualTo(400);
    }

    @Test
    void viewers_mayNotRunSql() {
        assertThat(sql(viewer, "SELECT COUNT(*) FROM regions").statusCode()).isEqualTo(403);
    }

    @Test
    void badRequests_get400NamingTheField() {
        Map<String, String> cases = Map.of(
                "{}", "sql",
                "{\"sql\":\"SELECT 1 FROM regions\",\"params\":{\"a\":1}}", "params",
                "{\"sql\":\"SELECT 1 FROM regions\",\"params\":[{\"a\":1}]}", "params[0]",
                "{\"sql\":\"SELECT 1 FROM regions\",\"maxRows\":0}", "maxRows",
                "{\"sql\":\"SELECT 1 FROM regions\",\"timeoutMs\":\"soon\"}", "timeoutMs",
                "{\"sql\":42}", "sql");
        cases.forEach((body, field) -> {
            HttpResponse<Buffer> response = analyst.send(HttpMethod.POST, "/v1/sql", "application/json",
                    Buffer.buffer(body));
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(error(response).getJsonObject("details").getString("field")).as(body).isEqualTo(field);
        });
        HttpResponse<Buffer> wrongType = sql(analyst, new JsonObject().put("sql", "SELECT id FROM orders WHERE id = ?")
                .put("params", new JsonArray(List.of("not-a-number"))));
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(error(wrongType).getString("code")).isEqualTo("SQL_INVALID");
        assertThat(error(wrongType).getString("message")).contains("Parameter 1").contains("BIGINT");
        HttpResponse<Buffer> missing = sql(analyst, new JsonObject().put("sql", "SELECT id FROM orders WHERE id = ?"));
        assertThat(error(missing).getString("message")).contains("1 parameter(s); 0 given");
    }

    @Test
    void everyTableRead_isInTheAuditTrail() throws Exception {
        Http.await(analyst.request(HttpMethod.POST, "/v1/sql").putHeader("Content-Type", "application/json")
                .putHeader("X-Request-Id", "sql-audit-1")
                .sendBuffer(new JsonObject().put("sql", "SELECT COUNT(*) FROM order_lines l JOIN products p "
                        + "ON p.id = l.product_id").toBuffer()));
        lalo.governance().audit().flush(Duration.ofSeconds(10));
        String trail = admin.get("/v1/audit?principal=ann&action=sql.select&limit=50").bodyAsString();
        assertThat(trail).contains("table:ORDER_LINES").contains("table:PRODUCTS").contains("sql-audit-1");
    }
}
