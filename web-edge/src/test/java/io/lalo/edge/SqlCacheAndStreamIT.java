package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
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

/** The grid-held result cache (hits, invalidation, per-policy keys, metrics) and NDJSON streaming of results. */
class SqlCacheAndStreamIT {

    @TempDir
    static Path dir;

    static TestEdge lalo;
    static Http admin;
    static Http analyst;
    static Http regional;

    @BeforeAll
    static void start() throws Exception {
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0,
                Map.of("demo.enabled", "true", "demo.orders", "2000")));
        admin = lalo.admin();
        analyst = lalo.clientAs("ann", "analyst", Map.of());
        regional = lalo.clientAs("rita", "analyst", Map.of("region", "5"));
        lalo.policy(new JsonObject().put("id", "regional-orders").put("effect", "allow")
                        .put("actions", new JsonArray(List.of("sql.select")))
                        .put("resources", new JsonArray(List.of("table:ORDERS")))
                        .put("condition", "has(principal.attributes.region)")
                        .put("obligations", new JsonObject().put("rowFilters",
                                new JsonArray(List.of("REGION_ID = {principal.attributes.region}")))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (lalo != null) {
            lalo.close();
        }
    }

    private static JsonObject sql(Http http, JsonObject body) {
        HttpResponse<Buffer> response = http.send(HttpMethod.POST, "/v1/sql", "application/json", body.toBuffer());
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return Http.json(response);
    }

    private static JsonObject sql(Http http, String statement) {
        return sql(http, new JsonObject().put("sql", statement));
    }

    private static long single(JsonObject result) {
        return result.getJsonArray("rows").getJsonArray(0).getLong(0);
    }

    @Test
    void repeatedQuery_isServedFromTheCache_untilItsTableChanges() {
        String count = "SELECT COUNT(*) FROM products WHERE category = 'Home'";
        JsonObject first = sql(analyst, count);
        assertThat(first.getBoolean("cached")).isFalse();
        JsonObject second = sql(analyst, count);
        assertThat(second.getBoolean("cached")).isTrue();
        assertThat(single(second)).isEqualTo(single(first));

        sql(admin, "INSERT INTO products (id, sku, name, category, unit_price, unit_cost, stock) "
                + "VALUES (900001, 'SKU-X', 'Atlas lamp', 'Home', 12.50, 6.00, 3)");
        JsonObject afterWrite = sql(analyst, count);
        assertThat(afterWrite.getBoolean("cached")).isFalse();
        assertThat(single(afterWrite)).isEqualTo(single(first) + 1);

        sql(admin, "DELETE FROM products WHERE id = 900001");
        assertThat(single(sql(analyst, count))).isEqualTo(single(first));
    }

    @Test
    void cachedResults_areKeyedByTheCallersPolicy_neverShared() {
        String count = "SELECT COUNT(*) FROM orders";
        long all = single(sql(analyst, count));
        assertThat(sql(analyst, count).getBoolean("cached")).isTrue();
        JsonObject filtered = sql(regional, count);
        assertThat(filtered.getBoolean("cached")).isFalse();
        assertThat(single(filtered)).isLessThan(all).isPositive();
    }

    @Test
    void cacheFalse_andClockReadingQueries_alwaysRun() {
        String regions = "SELECT COUNT(*) FROM regions";
        sql(analyst, regions);
        assertThat(sql(analyst, new JsonObject().put("sql", regions).put("cache", false)).getBoolean("cached"))
                .isFalse();
        String clock = "SELECT CURRENT_TIMESTAMP FROM regions WHERE id = 1";
        sql(analyst, clock);
        assertThat(sql(analyst, clock).getBoolean("cached")).isFalse();
        HttpResponse<Buffer> badFlag = analyst.send(HttpMethod.POST, "/v1/sql", "application/json",
                new JsonObject().put("sql", regions).put("cache", "yes").toBuffer());
        assertThat(badFlag.statusCode()).isEqualTo(400);
    }

    @Test
    void hitsAndMisses_areMetrics() {
        String statement = "SELECT MAX(unit_price) FROM products";
        sql(analyst, statement);
        sql(analyst, statement);
        Map<String, Double> metrics = PrometheusText.parse(admin.get("/metrics").bodyAsString());
        assertThat(metrics.get("lalo_sql_result_cache_lookups_total{result=\"hit\"}")).isGreaterThanOrEqualTo(1.0);
        assertThat(metrics.get("lalo_sql_result_cache_lookups_total{result=\"miss\"}")).isGreaterThanOrEqualTo(1.0);
        assertThat(metrics.get("lalo_sql_result_cache_hit_ratio")).isBetween(0.01, 0.99);
    }

    @Test
    void resultTypes_areSqlTypes_notOther() {
        JsonObject result = sql(analyst, "SELECT o.id, o.total, o.order_date, o.status, c.region_id, COUNT(*) AS n "
                + "FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = 1 "
                + "GROUP BY o.id, o.total, o.order_date, o.status, c.region_id");
        assertThat(result.getJsonArray("columns").stream().map(c -> ((JsonObject) c).getString("type")))
                .containsExactly("BIGINT", "DECIMAL", "DATE", "VARCHAR", "INTEGER", "BIGINT");
    }

    private static List<String> ndjson(Http http, JsonObject body) {
        HttpResponse<Buffer> response = Http.await(http.request(HttpMethod.POST, "/v1/sql")
                .putHeader("Content-Type", "application/json").putHeader("Accept", "application/x-ndjson")
                .sendBuffer(body.toBuffer()));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/x-ndjson");
        return response.bodyAsString().lines().toList();
    }

    @Test
    void ndjson_streamsEveryRow_beyondTheJsonCap() {
        List<String> lines = ndjson(analyst, new JsonObject().put("sql",
                "SELECT l.order_id, l.line_no, l.quantity FROM order_lines l"));
        JsonObject header = new JsonObject(lines.get(0));
        assertThat(header.getJsonArray("columns").getJsonObject(0).getString("name")).isEqualTo("ORDER_ID");
        JsonObject footer = new JsonObject(lines.get(lines.size() - 1));
        long lineCount = Http.json(analyst.send(HttpMethod.POST, "/v1/sql", "application/json",
                new JsonObject().put("sql", "SELECT COUNT(*) FROM order_lines").toBuffer()))
                .getJsonArray("rows").getJsonArray(0).getLong(0);
        assertThat(lineCount).isGreaterThan(SqlRoutes.MAX_ROWS / 100);
        assertThat(footer.getLong("rowCount")).isEqualTo(lineCount);
        assertThat(footer.getBoolean("truncated")).isFalse();
        assertThat(lines).hasSize((int) lineCount + 2);
        assertThat(new JsonArray(lines.get(1))).hasSize(3);
    }

    @Test
    void ndjson_honoursTheRowCap_andTheCallersRowFilter() {
        List<String> capped = ndjson(analyst, new JsonObject().put("sql", "SELECT id FROM orders").put("maxRows", 7));
        assertThat(capped).hasSize(9);
        assertThat(new JsonObject(capped.get(8)).getBoolean("truncated")).isTrue();
        List<String> regions = ndjson(regional, new JsonObject().put("sql", "SELECT DISTINCT region_id FROM orders"));
        assertThat(regions).hasSize(3);
        assertThat(new JsonArray(regions.get(1)).getInteger(0)).isEqualTo(5);
    }

    @Test
    void ndjson_refusesDmlAndBadSql_withAnOrdinaryError() {
        HttpResponse<Buffer> dml = Http.await(admin.request(HttpMethod.POST, "/v1/sql")
                .putHeader("Content-Type", "application/json").putHeader("Accept", "application/x-ndjson")
                .sendBuffer(new JsonObject().put("sql", "DELETE FROM orders").toBuffer()));
        assertThat(dml.statusCode()).isEqualTo(400);
        assertThat(Http.json(dml).getJsonObject("error").getString("code")).isEqualTo("SQL_INVALID");
        assertThat(single(sql(admin, "SELECT COUNT(*) FROM orders"))).isEqualTo(2000);
    }
}
