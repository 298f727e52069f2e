package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lalo.config.LaloConfig;
import io.lalo.governance.Governance;
import io.lalo.grid.GridRole;
import io.lalo.grid.LaloNode;
import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An edge that joins the grid as an Ignite client node, as {@code lalo edge} runs it. */
class EdgeClientModeIT {

    @TempDir
    Path dir;

    @Test
    void edgeOnAClientNode_isReady_andAnswers503OnceTheGridIsGone() throws Exception {
        TestPorts ports = TestPorts.allocate();
        LaloNode server = LaloNode.server(TestConfigs.config(ports, dir, 0, Map.of()));
        server.start();
        new Governance(server).startAsync().get();
        LaloConfig edgeConfig = TestConfigs.config(ports, dir, 1, Map.of());
        try (TestEdge edge = TestEdge.start(LaloNode.client(edgeConfig));
             Http http = new Http(ports.edge() + 1)) {
            assertThat(edge.node().role()).isEqualTo(GridRole.CLIENT);

            // On a client node the API-key lookup completes on an Ignite thread; routing must continue on the
            // event loop.
            edge.edge().router().get("/test/thread").handler(ctx -> ctx.response().end(
                    io.vertx.core.Context.isOnEventLoopThread() ? "event-loop" : Thread.currentThread().getName()));
            for (int i = 0; i < 10; i++) {
                assertThat(http.get("/test/thread").bodyAsString()).isEqualTo("event-loop");
            }

            HttpResponse<Buffer> ready = http.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonObject grid = Http.json(ready).getJsonObject("checks").getJsonObject("grid");
            assertThat(grid.getInteger("serverNodes")).isEqualTo(1);
            assertThat(grid.getInteger("clientNodes")).isEqualTo(1);

            server.stopAsync().get();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<Buffer> gone = http.get("/health/ready");
                assertThat(gone.statusCode()).isEqualTo(503);
                assertThat(Http.json(gone).getString("status")).isEqualTo("unhealthy");
            });
            assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
        } finally {
            server.stopAsync().get();
        }
    }
}
