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

/** {@code /v1/catalog} over HTTP on the demo schema, filtered by what each caller may query. */
class CatalogHttpIT {

    @TempDir
    static Path dir;

    static TestEdge lalo;
    static Http admin;
    static Http analyst;
    static Http viewer;

    @BeforeAll
    static void start() throws Exception {
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0,
                Map.of("demo.enabled", "true", "demo.orders", "1000")));
        admin = lalo.admin();
        analyst = lalo.clientAs("ann", "analyst", Map.of());
        viewer = lalo.clientAs("vic", "viewer", Map.of());
        JsonObject hideSalaries = new JsonObject().put("id", "no-employees-for-analysts").put("effect", "deny")
                .put("actions", new JsonArray(List.of("sql.select"))).put("resources",
                        new JsonArray(List.of("table:EMPLOYEES"))).put("condition", "!('admin' in principal.roles)");
        assertThat(admin.send(HttpMethod.POST, "/v1/governance/policies", "application/json", hideSalaries.toBuffer())
                .statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        if (lalo != null) {
            lalo.close();
        }
    }

    private static List<Object> names(Http http) {
        return Http.json(http.get("/v1/catalog")).getJsonArray("tables").stream()
                .map(t -> ((JsonObject) t).getString("name")).map(Object.class::cast).toList();
    }

    @Test
    void admin_seesEveryDemoTable_butNoInternalOnes() {
        assertThat(names(admin)).contains("CUSTOMERS", "EMPLOYEES", "ORDERS", "ORDER_LINES", "PRODUCTS", "REGIONS")
                .doesNotContain("FOREIGN_KEYS", "AUDIT_EVENTS");
    }

    @Test
    void analyst_doesNotSeeTheTableAPolicyDenies() {
        assertThat(names(analyst)).contains("ORDERS").doesNotContain("EMPLOYEES");
        assertThat(analyst.get("/v1/catalog/tables/EMPLOYEES").statusCode()).isEqualTo(404);
    }

    @Test
    void tableDetail_hasColumnsKeysAndRelations() {
        JsonObject orders = Http.json(analyst.get("/v1/catalog/tables/orders"));
        assertThat(orders.getString("name")).isEqualTo("ORDERS");
        assertThat(orders.getJsonArray("primaryKey").getList()).containsExactly("ID");
        assertThat(orders.getJsonArray("columns").stream().map(c -> ((JsonObject) c).getString("name")))
                .contains("ID", "CUSTOMER_ID", "ORDER_DATE", "TOTAL");
        assertThat(orders.getJsonArray("references").encode()).contains("\"referencedTable\":\"CUSTOMERS\"");
        assertThat(orders.getJsonArray("referencedBy").encode()).contains("\"table\":\"ORDER_LINES\"");
    }

    @Test
    void unknownTable_is404_andViewersMayNotReadTheCatalog() {
        HttpResponse<Buffer> unknown = admin.get("/v1/catalog/tables/NO_SUCH_TABLE");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Http.json(unknown).getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
        assertThat(viewer.get("/v1/catalog").statusCode()).isEqualTo(403);
    }
}
