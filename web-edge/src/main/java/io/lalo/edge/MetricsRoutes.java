package io.lalo.edge;

import io.lalo.edge.metrics.GridMetrics;
import io.lalo.governance.Governance;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * {@code GET /metrics}: the Prometheus text exposition of every meter (JVM, HTTP server, grid). The grid gauges
 * are refreshed on a worker thread before the scrape, since reading cache sizes asks the cluster.
 */
final class MetricsRoutes {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final GridMetrics gridMetrics;
    private final Governance governance;

    MetricsRoutes(Vertx vertx, PrometheusMeterRegistry registry, GridMetrics gridMetrics, Governance governance) {
        this.vertx = vertx;
        this.registry = registry;
        this.gridMetrics = gridMetrics;
        this.governance = governance;
    }

    void mount(Router router) {
        router.get("/metrics").handler(PolicyEnforcement.require(governance, "ops.metrics.read")).handler(ctx -> vertx.executeBlocking(() -> {
                    gridMetrics.refresh();
                    return registry.scrape();
                }, false)
                .onSuccess(text -> ctx.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT)
                        .end(text))
                .onFailure(ctx::fail));
    }
}
