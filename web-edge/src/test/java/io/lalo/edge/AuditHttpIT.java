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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every decision at the edge lands in the audit trail, which is searchable, verifiable and reportable over HTTP. */
class AuditHttpIT {

    @TempDir
    static Path dir;

    static TestEdge lalo;
    static Http admin;
    static Http analyst;
    static Instant started;

    @BeforeAll
    static void start() throws Exception {
        started = Instant.now();
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0, Map.of()));
        admin = new Http(lalo.port());
        JsonObject key = new JsonObject().put("name", "aud").put("principal", new JsonObject().put("id", "ann")
                .put("roles", new JsonArray(List.of("analyst"))));
        analyst = new Http(lalo.port(), Http.json(admin.send(HttpMethod.POST, "/v1/admin/api-keys",
                "application/json", key.toBuffer())).getString("key"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Http http : new Http[] {admin, analyst}) {
            if (http != null) {
                http.close();
            }
        }
        if (lalo != null) {
            lalo.close();
        }
    }

    private static void flush() throws InterruptedException {
        lalo.governance().audit().flush(Duration.ofSeconds(10));
    }

    @Test
    void allowedAndDeniedRequests_areAudited_withRequestIdsAndPolicies() throws Exception {
        HttpResponse<Buffer> allowed = Http.await(analyst.request(HttpMethod.GET, "/v1/me")
                .putHeader("X-Request-Id", "audit-allowed-1").send());
        HttpResponse<Buffer> denied = Http.await(analyst.request(HttpMethod.GET, "/v1/admin/api-keys")
                .putHeader("X-Request-Id", "audit-denied-1").send());
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(denied.statusCode()).isEqualTo(403);
        flush();

        JsonArray events = Http.json(admin.get("/v1/audit?principal=ann&limit=50")).getJsonArray("events");
        JsonObject allowEvent = find(events, "audit-allowed-1");
        assertThat(allowEvent.getString("action")).isEqualTo("identity.read-self");
        assertThat(allowEvent.getString("outcome")).isEqualTo("allow");
        assertThat(allowEvent.getJsonArray("policyIds").getList()).containsExactly("everyone-self-and-docs");
        JsonObject denyEvent = find(events, "audit-denied-1");
        assertThat(denyEvent.getString("action")).isEqualTo("admin.apikeys.list");
        assertThat(denyEvent.getString("outcome")).isEqualTo("deny");

        JsonArray deniedOnly = Http.json(admin.get("/v1/audit?principal=ann&outcome=deny")).getJsonArray("events");
        assertThat(deniedOnly.stream().map(e -> ((JsonObject) e).getString("outcome"))).containsOnly("deny");
    }

    private static JsonObject find(JsonArray events, String requestId) {
        return events.stream().map(JsonObject.class::cast).filter(e -> requestId.equals(e.getString("requestId")))
                .findFirst().orElseThrow(() -> new AssertionError("no event for " + requestId + " in " + events));
    }

    @Test
    void refusedCredentials_areAudited_withoutTheCredential() throws Exception {
        try (Http stranger = new Http(lalo.port(), "lalo_stolen-or-made-up-key-0000000000000000000")) {
            HttpResponse<Buffer> refused = Http.await(stranger.request(HttpMethod.GET, "/v1/me")
                    .putHeader("X-Request-Id", "audit-refused-1").send());
            assertThat(refused.statusCode()).isEqualTo(401);
        }
        flush();
        String events = admin.get("/v1/audit?principal=(unauthenticated)&action=auth.authenticate").bodyAsString();
        assertThat(events).contains("audit-refused-1").contains("route:/v1/me").doesNotContain("stolen-or-made-up");
    }

    @Test
    void verify_isIntact_untilSomeoneEditsTheCache() throws Exception {
        analyst.get("/v1/me");
        flush();
        JsonObject intact = Http.json(admin.get("/v1/audit/verify"));
        assertThat(intact.getBoolean("intact")).isTrue();
        assertThat(intact.getLong("eventsChecked")).isPositive();

        String chain = lalo.governance().audit().chain();
        IgniteCache<String, BinaryObject> events = lalo.node().ignite().cache("lalo_audit").withKeepBinary();
        String key = chain + "/" + String.format("%019d", 1);
        BinaryObject original = events.get(key);
        events.put(key, original.toBuilder().setField("PRINCIPAL", "someone-else").build());
        try {
            JsonObject broken = Http.json(admin.get("/v1/audit/verify"));
            assertThat(broken.getBoolean("intact")).isFalse();
            assertThat(broken.getJsonObject("firstBroken").getString("problem")).isEqualTo("edited");
            assertThat(broken.getJsonObject("firstBroken").getLong("seq")).isEqualTo(1);
        } finally {
            events.put(key, original);
        }
    }

    @Test
    void complianceReport_asJsonAndCsv() throws Exception {
        analyst.get("/v1/admin/api-keys");
        flush();
        String range = "?from=" + started.minusSeconds(5) + "&to=" + Instant.now().plusSeconds(5);
        JsonObject report = Http.json(admin.get("/v1/governance/reports/compliance" + range));
        assertThat(report.getLong("events")).isPositive();
        assertThat(report.getJsonArray("requestsByPrincipal").encode()).contains("\"principal\":\"ann\"");
        assertThat(report.getJsonArray("adminChanges").encode()).contains("admin.apikeys.create");

        HttpResponse<Buffer> csv = Http.await(admin.request(HttpMethod.GET, "/v1/governance/reports/compliance" + range)
                .putHeader("Accept", "text/csv").send());
        assertThat(csv.getHeader("Content-Type")).startsWith("text/csv");
        assertThat(csv.bodyAsString()).startsWith("section,principal,detail,count,time,action,resource\n")
                .contains("requests,ann,deny,").contains("admin-change,admin,");
    }

    @Test
    void badQueryParameters_get400NamingTheParameter() {
        for (String[] bad : new String[][] {{"from=yesterday", "from"}, {"limit=0", "limit"}, {"limit=x", "limit"},
                {"offset=-1", "offset"}, {"outcome=maybe", "outcome"}}) {
            HttpResponse<Buffer> response = admin.get("/v1/audit?" + bad[0]);
            assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(Http.json(response).getJsonObject("error").getJsonObject("details").getString("field"))
                    .isEqualTo(bad[1]);
        }
        assertThat(admin.get("/v1/governance/reports/compliance?to=soon").statusCode()).isEqualTo(400);
    }

    @Test
    void analysts_cannotReadTheAuditTrail() {
        assertThat(analyst.get("/v1/audit").statusCode()).isEqualTo(403);
        assertThat(analyst.get("/v1/audit/verify").statusCode()).isEqualTo(403);
        assertThat(analyst.get("/v1/governance/reports/compliance").statusCode()).isEqualTo(403);
    }
}
