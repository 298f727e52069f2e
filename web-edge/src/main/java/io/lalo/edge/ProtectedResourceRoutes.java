package io.lalo.edge;

import io.lalo.config.LaloConfig;
import io.lalo.edge.auth.AuthenticationHandler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) for the MCP endpoint, public: where an MCP client learns that
 * {@code /mcp} takes bearer tokens in the Authorization header, and which issuer's tokens it accepts when JWTs are
 * configured ({@code auth.jwtIssuer}); LALO's API keys come from its administrators, not from an authorization
 * server. A 401 on {@code /mcp} points here in its {@code WWW-Authenticate} header.
 */
final class ProtectedResourceRoutes {

    private final LaloConfig.Auth auth;

    ProtectedResourceRoutes(LaloConfig.Auth auth) {
        this.auth = auth;
    }

    void mount(Router router) {
        router.get(AuthenticationHandler.RESOURCE_METADATA).handler(ctx -> {
            String base = AuthenticationHandler.baseUrl(ctx);
            JsonObject metadata = new JsonObject()
                    .put("resource", base + "/mcp")
                    .put("resource_name", "LALO")
                    .put("bearer_methods_supported", new JsonArray().add("header"))
                    .put("authorization_servers", auth.jwtIssuer().isEmpty() ? new JsonArray()
                            : new JsonArray().add(auth.jwtIssuer()));
            Responses.json(ctx, 200, metadata);
        });
    }
}
