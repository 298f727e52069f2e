package io.lalo.edge.auth;

import io.lalo.edge.ApiException;
import io.lalo.governance.RateDecision;
import io.lalo.governance.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Spends one token of the caller's bucket on every authenticated request, before its body is read, and says so in
 * {@code X-RateLimit-Limit} (requests per minute), {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset}
 * (seconds until the bucket is full). An empty bucket is a 429 with {@code Retry-After}.
 */
public final class RateLimitHandler implements Handler<RoutingContext> {

    private final RateLimiter limiter;

    public RateLimitHandler(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (AuthenticationHandler.isPublic(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        Future.fromCompletionStage(limiter.take(AuthenticationHandler.principal(ctx)), ctx.vertx().getOrCreateContext())
                .onSuccess(decision -> {
                    headers(ctx.response(), decision);
                    if (decision.allowed()) {
                        ctx.next();
                    } else {
                        ctx.fail(new ApiException(429, "RATE_LIMITED", "Rate limit of " + decision.limit()
                                + " requests per minute reached; retry in " + decision.retryAfterSeconds() + " s",
                                Map.of("limitPerMinute", decision.limit(),
                                        "retryAfterSeconds", decision.retryAfterSeconds()),
                                Map.of("Retry-After", Long.toString(decision.retryAfterSeconds()))));
                    }
                })
                .onFailure(ctx::fail);
    }

    private static void headers(HttpServerResponse response, RateDecision decision) {
        response.putHeader("X-RateLimit-Limit", Integer.toString(decision.limit()))
                .putHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()))
                .putHeader("X-RateLimit-Reset", Long.toString(decision.resetSeconds()));
    }
}
