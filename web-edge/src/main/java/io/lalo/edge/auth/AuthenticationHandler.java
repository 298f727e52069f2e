package io.lalo.edge.auth;

import io.lalo.audit.AuditEvent;
import io.lalo.audit.AuditLog;
import io.lalo.edge.ApiException;
import io.lalo.edge.RequestIdHandler;
import io.lalo.governance.Principal;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;

/**
 * Requires credentials on every route except {@code /health/*}, before the body is read and before routing, so an
 * anonymous caller learns nothing about which routes exist. The authenticated principal is kept on the context
 * for handlers and policies.
 */
public final class AuthenticationHandler implements Handler<RoutingContext> {

    private static final String KEY = "lalo.principal";

    /** Who calls /mcp without credentials in the conformance suite's test mode: a principal with no role. */
    public static final Principal CONFORMANCE = Principal.of("mcp-conformance");

    private final Authenticator authenticator;
    private final AuditLog audit;
    private final boolean anonymousMcp;

    public AuthenticationHandler(Authenticator authenticator, AuditLog audit) {
        this(authenticator, audit, false);
    }

    /** @param anonymousMcp the MCP conformance test mode ({@code mcp.fixtures}): /mcp without credentials */
    public AuthenticationHandler(Authenticator authenticator, AuditLog audit, boolean anonymousMcp) {
        this.authenticator = authenticator;
        this.audit = audit;
        this.anonymousMcp = anonymousMcp;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (isPublic(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        // Checking the key and the rate limit may each take a grid round trip: hold the body back until the body
        // handler (which resumes the request) is there to take it. Otherwise a small body can arrive and end the
        // request before anyone reads it, and Vert.x then refuses to read it at all.
        if (!ctx.request().isEnded()) {
            ctx.request().pause();
        }
        if (anonymousMcp && ctx.normalizedPath().equals("/mcp")
                && ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
            ctx.put(KEY, CONFORMANCE);
            ctx.next();
            return;
        }
        authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
                .onSuccess(principal -> {
                    ctx.put(KEY, principal);
                    ctx.next();
                })
                .onFailure(failure -> {
                    // Refused credentials are security events too; the credential itself is never recorded.
                    audit.append(AuditEvent.of(Instant.now(), UNAUTHENTICATED, "", "auth.authenticate",
                            "route:" + ctx.normalizedPath(), "deny", List.of(), RequestIdHandler.requestId(ctx),
                            failure.getMessage(), false));
                    ctx.fail(ctx.normalizedPath().startsWith("/mcp") && failure instanceof ApiException api
                            ? withResourceMetadata(api, baseUrl(ctx) + RESOURCE_METADATA) : failure);
                });
    }

    /** MCP clients learn from the challenge where to find how to get a token (RFC 9728). */
    private static ApiException withResourceMetadata(ApiException refused, String metadataUrl) {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(refused.headers());
        String challenge = headers.getOrDefault("WWW-Authenticate", "Bearer");
        headers.put("WWW-Authenticate", challenge + (challenge.equals("Bearer") ? " " : ", ")
                + "resource_metadata=\"" + metadataUrl + "\"");
        return new ApiException(refused.status(), refused.code(), refused.getMessage(), refused.details(), headers);
    }

    /** The principal recorded in the audit trail for requests whose credentials were refused. */
    public static final String UNAUTHENTICATED = "(unauthenticated)";

    /** OAuth 2.0 Protected Resource Metadata (RFC 9728), public like health. */
    public static final String RESOURCE_METADATA = "/.well-known/oauth-protected-resource";

    static boolean isPublic(String path) {
        return path.startsWith("/health/") || path.equals(RESOURCE_METADATA);
    }

    /** The scheme, host and port the caller used to reach this edge. */
    public static String baseUrl(RoutingContext ctx) {
        return ctx.request().scheme() + "://" + ctx.request().authority();
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
