package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.config.LaloConfig;
import io.lalo.grid.LaloNode;
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

/**
 * Rate limits with two edges in front of one grid (one embedded in the server node, one on a client node): a
 * principal's bucket is shared, so the limit holds exactly whichever edge the requests reach.
 */
class RateLimitIT {

    @TempDir
    static Path dir;

    static TestEdge first;
    static TestEdge second;
    static String analystKey;

    @BeforeAll
    static void start() throws Exception {
        TestPorts ports = TestPorts.allocate();
        Map<String, String> limits = Map.of("rateLimit.requestsPerMinute", "6", "rateLimit.burst", "5",
                "rateLimit.roles", "admin=100000/100000");
        first = TestEdge.server(TestConfigs.config(ports, dir, 0, limits));
        LaloConfig edgeConfig = TestConfigs.config(ports, dir, 1, limits);
        second = TestEdge.start(LaloNode.client(edgeConfig));
        try (Http admin = new Http(first.port())) {
            JsonObject body = new JsonObject().put("name", "limited").put("principal", new JsonObject()
                    .put("id", "rita").put("roles", new JsonArray(List.of("analyst"))));
            analystKey = Http.json(admin.send(HttpMethod.POST, "/v1/admin/api-keys", "application/json",
                    body.toBuffer())).getString("key");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void burstIsSharedAcrossEdges_thenRefusedWith429AndRetryAfter() {
        try (Http viaFirst = new Http(first.port(), analystKey); Http viaSecond = new Http(second.port(), analystKey)) {
            HttpResponse<Buffer> one = viaFirst.get("/v1/me");
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(one.getHeader("X-RateLimit-Limit")).isEqualTo("6");
            assertThat(one.getHeader("X-RateLimit-Remaining")).isEqualTo("4");
            assertThat(Long.parseLong(one.getHeader("X-RateLimit-Reset"))).isPositive();
            assertThat(viaSecond.get("/v1/me").getHeader("X-RateLimit-Remaining")).isEqualTo("3");
            assertThat(viaFirst.get("/v1/me").statusCode()).isEqualTo(200);
            assertThat(viaSecond.get("/v1/me").statusCode()).isEqualTo(200);
            HttpResponse<Buffer> last = viaFirst.get("/v1/me");
            assertThat(last.statusCode()).isEqualTo(200);
            assertThat(last.getHeader("X-RateLimit-Remaining")).isEqualTo("0");

            for (Http edge : new Http[] {viaSecond, viaFirst}) {
                HttpResponse<Buffer> refused = edge.get("/v1/me");
                assertThat(refused.statusCode()).isEqualTo(429);
                assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 10L);
                JsonObject error = Http.json(refused).getJsonObject("error");
                assertThat(error.getString("code")).isEqualTo("RATE_LIMITED");
                assertThat(error.getString("requestId")).isEqualTo(refused.getHeader("X-Request-Id"));
            }
        }
    }

    @Test
    void roleLimit_overridesTheDefault() {
        try (Http admin = new Http(second.port())) {
            for (int i = 0; i < 20; i++) {
                assertThat(admin.get("/v1/me").statusCode()).isEqualTo(200);
            }
            assertThat(admin.get("/v1/me").getHeader("X-RateLimit-Limit")).isEqualTo("100000");
        }
    }

    @Test
    void healthIsNeverLimited() {
        try (Http anonymous = new Http(first.port(), null)) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<Buffer> live = anonymous.get("/health/live");
                assertThat(live.statusCode()).isEqualTo(200);
                assertThat(live.getHeader("X-RateLimit-Limit")).isNull();
            }
        }
    }
}
