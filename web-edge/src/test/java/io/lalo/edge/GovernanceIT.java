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

/** {@code /v1/governance} over real HTTP: the four evaluation scenarios, draft tests, policy CRUD, bad input. */
class GovernanceIT {

    @TempDir
    static Path dir;

    static TestEdge lalo;
    static Http admin;
    static Http analyst;
    static Http viewer;

    @BeforeAll
    static void start() throws Exception {
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0, Map.of()));
        admin = lalo.admin();
        analyst = lalo.clientAs("ann", "analyst", Map.of("region", "emea"));
        viewer = lalo.clientAs("vic", "viewer", Map.of("region", "apac"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (lalo != null) {
            lalo.close();
        }
    }

    private static HttpResponse<Buffer> post(Http http, String path, JsonObject body) {
        return http.send(HttpMethod.POST, path, "application/json", body.toBuffer());
    }

    private static JsonObject request(String action, String type, String name) {
        return new JsonObject().put("action", action).put("resource", new JsonObject().put("type", type)
                .put("name", name));
    }

    private static JsonObject policy(String id, String effect, String action, String condition) {
        return new JsonObject().put("id", id).put("effect", effect).put("actions", new JsonArray(List.of(action)))
                .put("condition", condition);
    }

    private static JsonObject errorOf(HttpResponse<Buffer> response) {
        return Http.json(response).getJsonObject("error");
    }

    @Test
    void simplePermissionCheck_forTheCaller() {
        JsonObject allowed = Http.json(post(analyst, "/v1/governance/evaluate", request("sql.select", "table",
                "ORDERS"))).getJsonObject("decision");
        assertThat(allowed.getString("outcome")).isEqualTo("allow");
        assertThat(allowed.getJsonArray("policyIds").getList()).containsExactly("analysts-query-data");

        JsonObject denied = Http.json(post(viewer, "/v1/governance/evaluate", request("sql.select", "table",
                "ORDERS"))).getJsonObject("decision");
        assertThat(denied.getString("outcome")).isEqualTo("deny");
        assertThat(denied.getString("reason")).contains("No policy allows sql.select on table:ORDERS");
    }

    @Test
    void bulkCheck_answersEachRequestInOrder() {
        JsonArray requests = new JsonArray();
        for (int i = 0; i < 100; i++) {
            requests.add(i % 2 == 0 ? request("sql.select", "table", "T" + i) : request("admin.apikeys.create",
                    "route", "/v1/admin/api-keys"));
        }
        JsonArray decisions = Http.json(post(analyst, "/v1/governance/evaluate", new JsonObject()
                .put("requests", requests))).getJsonArray("decisions");
        assertThat(decisions).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(decisions.getJsonObject(i).getString("outcome")).as("request %d", i)
                    .isEqualTo(i % 2 == 0 ? "allow" : "deny");
        }
    }

    @Test
    void hierarchicalRoleCheck_adminInheritsViewerPolicies() {
        JsonObject asAdmin = new JsonObject().put("requests", new JsonArray()
                .add(request("governance.evaluate", "route", "x").put("principal", new JsonObject()
                        .put("id", "boss").put("roles", new JsonArray(List.of("admin")))))
                .add(request("rag.search", "document", "d1").put("principal", new JsonObject()
                        .put("id", "op").put("roles", new JsonArray(List.of("operator")))))
                .add(request("sql.select", "table", "ORDERS").put("principal", new JsonObject()
                        .put("id", "op").put("roles", new JsonArray(List.of("operator"))))));
        JsonArray decisions = Http.json(post(admin, "/v1/governance/evaluate", asAdmin)).getJsonArray("decisions");
        assertThat(decisions.getJsonObject(0).getString("outcome")).isEqualTo("allow");
        assertThat(decisions.getJsonObject(1).getJsonArray("policyIds").getList())
                .containsExactly("viewers-search-documents");
        assertThat(decisions.getJsonObject(2).getString("outcome")).isEqualTo("deny");
    }

    @Test
    void complexEvaluation_overTwentyPolicies_withDenyWinsAndObligations() {
        JsonArray drafts = new JsonArray();
        for (int i = 0; i < 17; i++) {
            drafts.add(policy("region-" + i, "allow", "sql.select",
                    "principal.attributes.region == 'r" + i + "' && 'analyst' in principal.roles")
                    .put("resources", new JsonArray(List.of("table:SALES_" + i))));
        }
        drafts.add(policy("mask-customers", "allow", "sql.select", "'analyst' in principal.roles")
                .put("resources", new JsonArray(List.of("table:CUSTOMERS")))
                .put("obligations", new JsonObject().put("maskColumns", new JsonObject().put("EMAIL", "partial"))
                        .put("rowFilters", new JsonArray(List.of("REGION = 'r3'")))));
        drafts.add(policy("no-night-queries", "deny", "sql.*", "context.hour < 6"));
        drafts.add(policy("admins", "allow", "*", "'admin' in principal.roles"));
        JsonObject analystR3 = new JsonObject().put("id", "a3").put("roles", new JsonArray(List.of("analyst")))
                .put("attributes", new JsonObject().put("region", "r3"));
        JsonObject body = new JsonObject().put("policies", drafts).put("requests", new JsonArray()
                .add(request("sql.select", "table", "SALES_3").put("principal", analystR3)
                        .put("context", new JsonObject().put("hour", 10)))
                .add(request("sql.select", "table", "SALES_4").put("principal", analystR3)
                        .put("context", new JsonObject().put("hour", 10)))
                .add(request("sql.select", "table", "CUSTOMERS").put("principal", analystR3)
                        .put("context", new JsonObject().put("hour", 10)))
                .add(request("sql.select", "table", "SALES_3").put("principal", analystR3)
                        .put("context", new JsonObject().put("hour", 3))));
        HttpResponse<Buffer> response = post(viewer, "/v1/governance/policies/test", body);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        JsonArray decisions = Http.json(response).getJsonArray("decisions");
        assertThat(decisions.getJsonObject(0).getJsonArray("policyIds").getList()).containsExactly("region-3");
        assertThat(decisions.getJsonObject(1).getString("outcome")).isEqualTo("deny");
        JsonObject masked = decisions.getJsonObject(2);
        assertThat(masked.getString("outcome")).isEqualTo("allow_with_obligations");
        assertThat(masked.getJsonObject("obligations").getJsonObject("maskColumns").getString("EMAIL"))
                .isEqualTo("partial");
        assertThat(decisions.getJsonObject(3).getJsonArray("policyIds").getList())
                .containsExactly("no-night-queries");
        assertThat(Http.json(admin.get("/v1/governance/policies")).encode()).doesNotContain("no-night-queries");
    }

    @Test
    void draftThatDoesNotCompile_gets400WithCelPosition() {
        JsonObject body = new JsonObject()
                .put("policies", new JsonArray().add(policy("broken", "allow", "x", "'a' in principal.roles &&\n  (")))
                .put("requests", new JsonArray().add(request("x", "route", "y")));
        HttpResponse<Buffer> response = post(viewer, "/v1/governance/policies/test", body);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject error = errorOf(response);
        assertThat(error.getString("code")).isEqualTo("INVALID_POLICY");
        JsonObject details = error.getJsonObject("details");
        assertThat(details.getString("field")).isEqualTo("condition");
        assertThat(details.getString("policyId")).isEqualTo("broken");
        assertThat(details.getInteger("line")).isEqualTo(2);
        assertThat(details.getInteger("column")).isPositive();
    }

    @Test
    void policyLifecycle_createReadUpdateVersionsDelete_andItTakesEffect() {
        JsonObject report = policy("reports-for-analysts", "allow", "report.run", "'analyst' in principal.roles");
        assertThat(Http.json(post(analyst, "/v1/governance/evaluate", request("report.run", "report", "q1")))
                .getJsonObject("decision").getString("outcome")).isEqualTo("deny");

        HttpResponse<Buffer> created = post(admin, "/v1/governance/policies", report);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.getHeader("Location")).isEqualTo("/v1/governance/policies/reports-for-analysts");
        assertThat(Http.json(created).getInteger("version")).isEqualTo(1);
        assertThat(post(admin, "/v1/governance/policies", report).statusCode()).isEqualTo(409);
        assertThat(Http.json(post(analyst, "/v1/governance/evaluate", request("report.run", "report", "q1")))
                .getJsonObject("decision").getString("outcome")).isEqualTo("allow");

        HttpResponse<Buffer> updated = admin.send(HttpMethod.PUT, "/v1/governance/policies/reports-for-analysts",
                "application/json", report.copy().put("condition", "false").toBuffer());
        assertThat(Http.json(updated).getInteger("version")).isEqualTo(2);
        assertThat(Http.json(admin.get("/v1/governance/policies/reports-for-analysts")).getString("condition"))
                .isEqualTo("false");
        assertThat(Http.json(admin.get("/v1/governance/policies/reports-for-analysts/versions"))
                .getJsonArray("versions")).hasSize(2);

        assertThat(admin.send(HttpMethod.DELETE, "/v1/governance/policies/reports-for-analysts", null,
                Buffer.buffer()).statusCode()).isEqualTo(200);
        assertThat(admin.get("/v1/governance/policies/reports-for-analysts").statusCode()).isEqualTo(404);
        assertThat(Http.json(admin.get("/v1/governance/policies/reports-for-analysts/versions"))
                .getJsonArray("versions")).hasSize(3);
    }

    @Test
    void savingABrokenPolicy_gets400_andNothingIsSaved() {
        HttpResponse<Buffer> response = post(admin, "/v1/governance/policies",
                policy("half-written", "allow", "x", "principal.roles +"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorOf(response).getJsonObject("details").getInteger("line")).isEqualTo(1);
        assertThat(admin.get("/v1/governance/policies/half-written").statusCode()).isEqualTo(404);
    }

    @Test
    void nonAdmins_cannotChangePolicies_andAreToldWhich() {
        HttpResponse<Buffer> response = post(analyst, "/v1/governance/policies", policy("sneaky", "allow", "*", "true"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(errorOf(response).getJsonObject("details").getString("action"))
                .isEqualTo("governance.policies.write");
        assertThat(admin.get("/v1/governance/policies/sneaky").statusCode()).isEqualTo(404);
    }

    @Test
    void evaluatingForSomeoneElse_needsEvaluateAs() {
        JsonObject forAdmin = request("admin.apikeys.create", "route", "x").put("principal", new JsonObject()
                .put("id", "boss").put("roles", new JsonArray(List.of("admin"))));
        HttpResponse<Buffer> response = post(analyst, "/v1/governance/evaluate", forAdmin);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(errorOf(response).getJsonObject("details").getString("action")).isEqualTo("governance.evaluate.as");
    }

    @Test
    void malformedEvaluateRequests_get400NamingTheField() {
        Map<String, String> cases = Map.of(
                "{\"resource\":{\"type\":\"t\",\"name\":\"n\"}}", "action",
                "{\"action\":\"a\"}", "resource",
                "{\"action\":\"a\",\"resource\":{\"type\":\"t\"}}", "name",
                "{\"action\":\"a b\",\"resource\":{\"type\":\"t\",\"name\":\"n\"}}", "action",
                "{\"requests\":[]}", "requests",
                "{\"requests\":[{\"action\":\"a\"}]}", "requests[0].resource",
                "{\"action\":\"a\",\"resource\":{\"type\":\"t\",\"name\":\"n\"},\"principal\":{\"id\":\"x\",\"roles\":[\"god\"]}}",
                "principal.roles");
        cases.forEach((body, field) -> {
            HttpResponse<Buffer> response = admin.send(HttpMethod.POST, "/v1/governance/evaluate", "application/json",
                    Buffer.buffer(body));
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(errorOf(response).getJsonObject("details").getString("field")).as(body).isEqualTo(field);
        });
        HttpResponse<Buffer> tooMany = post(admin, "/v1/governance/evaluate", new JsonObject().put("requests",
                new JsonArray(java.util.Collections.nCopies(1001, request("a", "t", "n")))));
        assertThat(tooMany.statusCode()).isEqualTo(400);
    }

    @Test
    void malformedPolicies_get400NamingTheField() {
        Map<String, String> cases = Map.of(
                "{\"effect\":\"allow\",\"actions\":[\"a\"]}", "id",
                "{\"id\":\"p\",\"effect\":\"maybe\",\"actions\":[\"a\"]}", "effect",
                "{\"id\":\"p\",\"effect\":\"allow\"}", "actions",
                "{\"id\":\"p\",\"effect\":\"allow\",\"actions\":[\"a\"],\"enabled\":\"yes\"}", "enabled",
                "{\"id\":\"p\",\"effect\":\"allow\",\"actions\":[\"a\"],\"obligations\":{\"maskColumns\":{\"EMAIL\":\"blur\"}}}",
                "obligations.maskColumns",
                "{\"id\":\"Bad Id\",\"effect\":\"allow\",\"actions\":[\"a\"]}", "id");
        cases.forEach((body, field) -> {
            HttpResponse<Buffer> response = admin.send(HttpMethod.POST, "/v1/governance/policies", "application/json",
                    Buffer.buffer(body));
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(errorOf(response).getJsonObject("details").getString("field")).as(body).isEqualTo(field);
        });
    }
}
