package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP server's limits: beyond them a clear 503 with Retry-After and a JSON-RPC error, never a stall. */
class McpLimitsIT {

    @TempDir
    static Path dir;

    static TestEdge lalo;
    static Http admin;

    @BeforeAll
    static void start() throws Exception {
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0, Map.of("mcp.maxSessions", "2",
                "mcp.maxConcurrentRequests", "1")));
        admin = lalo.admin();
        lalo.workflows().types().register("nap", (node, state, context) -> {
            Thread.sleep(1_500);
            return Map.of();
        });
        lalo.workflows().workflows().save(Map.of("id", "napping", "entry", "nap", "nodes",
                Map.of("nap", Map.of("type", "nap")), "edges", java.util.List.of(Map.of("from", "nap",
                        "to", "__end__"))), "test");
    }

    @AfterAll
    static void stop() throws Exception {
        lalo.close();
    }

    @Test
    void beyondTheLimits_503WithRetryAfter() throws Exception {
        String first = McpHttpIT.initialize(admin, "2025-11-25");
        McpHttpIT.initialize(admin, "2025-11-25");
        HttpResponse<Buffer> third = McpHttpIT.post(admin, null, McpHttpIT.request(1, "initialize", new JsonObject()
                .put("protocolVersion", "2025-11-25")), Map.of());
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.getHeader("Retry-After")).isNotBlank();
        assertThat(Http.json(third).getJsonObject("error").getInteger("code")).isEqualTo(-32000);

        Future<HttpResponse<Buffer>> slow = admin.request(HttpMethod.POST, "/mcp")
                .putHeader("Content-Type", "application/json").putHeader("MCP-Session-Id", first)
                .sendBuffer(McpHttpIT.request(2, "tools/call", new JsonObject().put("name", "run_workflow")
                        .put("arguments", new JsonObject().put("workflow", "napping"))).toBuffer());
        Thread.sleep(500);
        HttpResponse<Buffer> busy = McpHttpIT.post(admin, first, McpHttpIT.request(3, "ping", new JsonObject()),
                Map.of());
        assertThat(busy.statusCode()).as("one request at a time on this edge").isEqualTo(503);
        assertThat(busy.getHeader("Retry-After")).isEqualTo("1");
        HttpResponse<Buffer> finished = Http.await(slow);
        assertThat(Http.json(finished).getJsonObject("result").getBoolean("isError")).as(finished.bodyAsString())
                .isFalse();
        assertThat(McpHttpIT.post(admin, first, McpHttpIT.request(4, "ping", new JsonObject()), Map.of())
                .statusCode()).isEqualTo(200);
    }
}
