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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy changes with two required approvals: propose (as the bootstrap admin), approve by two other admins, apply; reject; audited. */
class PolicyApprovalIT {

    @TempDir
    static Path dir;

    static TestEdge lalo;
    static Http alice;
    static Http bob;
    static Http carol;
    static Http analyst;

    @BeforeAll
    static void start() throws Exception {
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0,
                Map.of("governance.requiredApprovals", "2")));
        alice = lalo.admin();
        bob = lalo.clientAs("bob", "admin", Map.of());
        carol = lalo.clientAs("carol", "admin", Map.of());
        analyst = lalo.clientAs("ann", "analyst", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (lalo != null) {
            lalo.close();
        }
    }

    private static HttpResponse<Buffer> post(Http http, String path, JsonObject body) {
        return http.send(HttpMethod.POST, path, "application/json", body == null ? Buffer.buffer() : body.toBuffer());
    }

    private static JsonObject reportPolicy(String id) {
        return new JsonObject().put("id", id).put("effect", "allow")
                .put("actions", new JsonArray(List.of("report.run"))).put("condition", "'analyst' in principal.roles");
    }

    private static String outcomeForAnalyst() {
        return Http.json(post(analyst, "/v1/governance/evaluate", new JsonObject().put("action", "report.run")
                .put("resource", new JsonObject().put("type", "report").put("name", "q1"))))
                .getJsonObject("decision").getString("outcome");
    }

    @Test
    void change_appliesOnlyAfterTwoOtherAdminsApprove() throws Exception {
        HttpResponse<Buffer> proposed = post(alice, "/v1/governance/policies", reportPolicy("reports-approved"));
        assertThat(proposed.statusCode()).isEqualTo(202);
        String id = Http.json(proposed).getString("id");
        assertThat(proposed.getHeader("Location")).isEqualTo("/v1/governance/proposals/" + id);
        assertThat(alice.get("/v1/governance/policies/reports-approved").statusCode()).isEqualTo(404);
        assertThat(outcomeForAnalyst()).isEqualTo("deny");

        HttpResponse<Buffer> own = post(alice, "/v1/governance/proposals/" + id + "/approve", null);
        assertThat(own.statusCode()).isEqualTo(409);
        assertThat(Http.json(own).getJsonObject("error").getString("message")).contains("own change");

        JsonObject first = Http.json(post(bob, "/v1/governance/proposals/" + id + "/approve", null));
        assertThat(first.getString("status")).isEqualTo("pending");
        assertThat(post(bob, "/v1/governance/proposals/" + id + "/approve", null).statusCode()).isEqualTo(409);

        JsonObject applied = Http.json(post(carol, "/v1/governance/proposals/" + id + "/approve", null));
        assertThat(applied.getString("status")).isEqualTo("applied");
        assertThat(applied.getJsonArray("approvals").getList()).containsExactly("bob", "carol");
        assertThat(applied.getInteger("appliedVersion")).isEqualTo(1);
        assertThat(Http.json(alice.get("/v1/governance/policies/reports-approved")).getString("updatedBy"))
                .isEqualTo("admin (approved by carol)");
        assertThat(outcomeForAnalyst()).isEqualTo("allow");
        assertThat(post(bob, "/v1/governance/proposals/" + id + "/reject", null).statusCode()).isEqualTo(409);

        lalo.governance().audit().flush(Duration.ofSeconds(10));
        String trail = alice.get("/v1/audit?action=governance.proposals.approve&limit=20").bodyAsString();
        assertThat(trail).contains("\"principal\":\"bob\"").contains("\"principal\":\"carol\"");
    }

    @Test
    void rejectedChange_isNeverApplied() {
        String id = Http.json(post(alice, "/v1/governance/policies", reportPolicy("reports-rejected")))
                .getString("id");
        JsonObject rejected = Http.json(post(bob, "/v1/governance/proposals/" + id + "/reject", null));
        assertThat(rejected.getString("status")).isEqualTo("rejected");
        assertThat(rejected.getString("decidedBy")).isEqualTo("bob");
        assertThat(post(carol, "/v1/governance/proposals/" + id + "/approve", null).statusCode()).isEqualTo(409);
        assertThat(alice.get("/v1/governance/policies/reports-rejected").statusCode()).isEqualTo(404);
        assertThat(Http.json(alice.get("/v1/governance/proposals")).getJsonArray("proposals").encode())
                .contains(id);
    }

    @Test
    void brokenPolicy_isRefusedBeforeAnyoneIsAsked_andOthersCannotApprove() {
        HttpResponse<Buffer> broken = post(alice, "/v1/governance/policies", reportPolicy("broken")
                .put("condition", "principal.roles +"));
        assertThat(broken.statusCode()).isEqualTo(400);
        String id = Http.json(post(alice, "/v1/governance/policies", reportPolicy("reports-other"))).getString("id");
        assertThat(post(analyst, "/v1/governance/proposals/" + id + "/approve", null).statusCode()).isEqualTo(403);
        assertThat(post(bob, "/v1/governance/proposals/no-such-id/approve", null).statusCode()).isEqualTo(404);
    }
}
