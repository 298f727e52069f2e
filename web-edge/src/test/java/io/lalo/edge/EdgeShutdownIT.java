package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lalo.config.LaloConfig;
import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the edge lets an in-flight request finish, then refuses new connections. */
class EdgeShutdownIT {

    @TempDir
    Path dir;

    @Test
    void stop_finishesInFlightRequests_thenRefusesNewOnes() throws Exception {
        LaloConfig config = TestConfigs.config(TestPorts.allocate(), dir, 0,
                Map.of("storage.persistence", "false", "edge.shutdownTimeout", "10s"));
        TestEdge lalo = TestEdge.server(config);
        EdgeServer edge = lalo.edge();
        CompletableFuture<Void> slowStarted = new CompletableFuture<>();
        edge.router().get("/test/slow").handler(ctx -> {
            slowStarted.complete(null);
            ctx.vertx().setTimer(1_500, timer -> ctx.response().end("finished"));
        });
        try (Http http = new Http(edge.port())) {
            Future<HttpResponse<Buffer>> inFlight = http.request(io.vertx.core.http.HttpMethod.GET, "/test/slow").send();
            slowStarted.get(10, TimeUnit.SECONDS);

            CompletableFuture<Void> stopped = edge.stopAsync();
            HttpResponse<Buffer> response = Http.await(inFlight);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.bodyAsString()).isEqualTo("finished");
            stopped.get(30, TimeUnit.SECONDS);

            try (Http fresh = new Http(edge.port())) {
                assertThatThrownBy(() -> fresh.get("/health/live")).hasRootCauseInstanceOf(java.net.ConnectException.class);
            }
        } finally {
            lalo.close();
        }
    }
}
