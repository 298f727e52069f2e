package io.lalo.edge.auth;

import io.lalo.governance.Principal;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Requires credentials on every route except {@code /health/*}, before the body is read and before routing, so an
 * anonymous caller learns nothing about which routes exist. The authenticated principal is kept on the context
 * for handlers and policies.
 */
public final class AuthenticationHandler implements Handler<RoutingContext> {

    private static final String KEY = "lalo.principal";

    private final Authenticator authenticator;

    public AuthenticationHandler(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (isPublic(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
                .onSuccess(principal -> {
                    ctx.put(KEY, principal);
                    ctx.next();
                })
                .onFailure(ctx::fail);
    }

    static boolean isPublic(String path) {
        return path.startsWith("/health/");
    }

    /** The caller of an authenticated request. */
    public static Principal principal(RoutingContext ctx) {
        Principal principal = ctx.get(KEY);
        if (principal == null) {
            throw new IllegalStateException("no authenticated principal on this request");
        }
        return principal;
    }
}
