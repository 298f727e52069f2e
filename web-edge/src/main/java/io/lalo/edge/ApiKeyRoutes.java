package io.lalo.edge;

import io.lalo.edge.auth.AuthenticationHandler;
import io.lalo.governance.ApiKeyInfo;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Admin management of API keys — create (the key is in the response once and never again), list, get, revoke —
 * and {@code GET /v1/me}, which tells any caller who the edge thinks they are.
 */
final class ApiKeyRoutes {

    private final Vertx vertx;
    private final Governance governance;

    ApiKeyRoutes(Vertx vertx, Governance governance) {
        this.vertx = vertx;
        this.governance = governance;
    }

    void mount(Router router) {
        router.get("/v1/me").handler(PolicyEnforcement.require(governance, "identity.read-self"))
                .handler(this::me);
        router.post("/v1/admin/api-keys").handler(PolicyEnforcement.require(governance, "admin.apikeys.create"))
                .handler(this::create);
        router.get("/v1/admin/api-keys").handler(PolicyEnforcement.require(governance, "admin.apikeys.list"))
                .handler(this::list);
        router.get("/v1/admin/api-keys/:id").handler(PolicyEnforcement.require(governance, "admin.apikeys.read"))
                .handler(this::get);
        router.delete("/v1/admin/api-keys/:id")
                .handler(PolicyEnforcement.require(governance, "admin.apikeys.revoke"))
                .handler(this::revoke);
    }

    private void me(RoutingContext ctx) {
        Principal principal = AuthenticationHandler.principal(ctx);
        Responses.json(ctx, 200, GovernanceJson.principal(principal)
                .put("effectiveRoles", new JsonArray(governance.roles().effectiveRoles(principal.roles())
                        .stream().sorted().toList())));
    }

    private void create(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String name = JsonBodies.requiredString(body, "name", 128);
        JsonObject principalJson = JsonBodies.optionalObject(body, "principal");
        if (principalJson == null) {
            throw ApiException.badRequest("principal", "'principal' is required");
        }
        Principal principal = GovernanceJson.principal(principalJson, "principal", governance.roles());
        String creator = AuthenticationHandler.principal(ctx).id();
        vertx.executeBlocking(() -> governance.apiKeys().create(name, principal, creator), false)
                .onSuccess(created -> {
                    ctx.response().putHeader(HttpHeaders.LOCATION, "/v1/admin/api-keys/" + created.info().id());
                    Responses.json(ctx, 201, keyJson(created.info()).put("key", created.key()));
                })
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        vertx.executeBlocking(() -> governance.apiKeys().list(), false)
                .onSuccess(keys -> Responses.json(ctx, 200, new JsonObject().put("keys",
                        new JsonArray(keys.stream().map(ApiKeyRoutes::keyJson).toList()))))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        vertx.executeBlocking(() -> governance.apiKeys().get(id), false)
                .onSuccess(found -> found.ifPresentOrElse(
                        info -> Responses.json(ctx, 200, keyJson(info)),
                        () -> ctx.fail(ApiException.notFound("No API key " + id))))
                .onFailure(ctx::fail);
    }

    private void revoke(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String revoker = AuthenticationHandler.principal(ctx).id();
        vertx.executeBlocking(() -> governance.apiKeys().revoke(id, revoker), false)
                .onSuccess(found -> found.ifPresentOrElse(
                        info -> Responses.json(ctx, 200, keyJson(info)),
                        () -> ctx.fail(ApiException.notFound("No API key " + id))))
                .onFailure(ctx::fail);
    }

    /** The public view of a key: everything but its hash. */
    private static JsonObject keyJson(ApiKeyInfo info) {
        return new JsonObject()
                .put("id", info.id())
                .put("name", info.name())
                .put("principal", GovernanceJson.principal(info.principal()))
                .put("createdAt", info.createdAt().toString())
                .put("createdBy", info.createdBy())
                .put("revokedAt", info.revokedAt() == null ? null : info.revokedAt().toString())
                .put("revokedBy", info.revokedBy());
    }
}
