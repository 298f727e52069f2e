package io.lalo.edge;

import io.lalo.grid.GridHealth;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;

/**
 * {@code /health/live} says the process answers; {@code /health/ready} says whether it can serve requests, with
 * each dependency's state, and answers 503 when it cannot (grid not connected or not active), so load balancers
 * and Kubernetes stop sending traffic. The only routes that need no credentials.
 */
final class HealthRoutes {

    private final Vertx vertx;
    private final Supplier<Ignite> ignite;

    HealthRoutes(Vertx vertx, Supplier<Ignite> ignite) {
        this.vertx = vertx;
        this.ignite = ignite;
    }

    void mount(Router router) {
        router.get("/health/live").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "live")));
        router.get("/health/ready").handler(this::ready);
    }

    private void ready(RoutingContext ctx) {
        vertx.executeBlocking(() -> GridHealth.of(ignite.get()), false)
                .onSuccess(grid -> {
                    JsonObject gridCheck = new JsonObject()
                            .put("status", lower(grid.status()))
                            .put("state", grid.state())
                            .put("serverNodes", grid.serverNodes())
                            .put("clientNodes", grid.clientNodes())
                            .put("baselineNodes", grid.baselineNodes())
                            .put("baselineOnline", grid.baselineOnline());
                    JsonObject body = new JsonObject()
                            .put("status", lower(grid.status()))
                            .put("checks", new JsonObject().put("grid", gridCheck));
                    Responses.json(ctx, grid.status() == GridHealth.Status.UNHEALTHY ? 503 : 200, body);
                })
                .onFailure(ctx::fail);
    }

    private static String lower(GridHealth.Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

}
