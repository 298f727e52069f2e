package io.lalo.edge;

import io.lalo.edge.auth.AuthenticationHandler;
import io.lalo.governance.AccessRequest;
import io.lalo.governance.Decision;
import io.lalo.governance.Governance;
import io.lalo.governance.Policy;
import io.lalo.governance.PolicyApprovals;
import io.lalo.governance.PolicyException;
import io.lalo.governance.PolicySet;
import io.lalo.governance.PolicyStore;
import io.lalo.governance.PolicyVersion;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code /v1/governance}: evaluate access requests (one or a bulk array) against the policies in force, test
 * draft policies against sample requests without saving them, and manage policies (create, read, update, delete,
 * versions). With {@code governance.requiredApprovals} above zero, a change answers 202 with a proposal that other
 * admins approve or reject under {@code /v1/governance/proposals}. Evaluation is in memory and runs on the event loop; storage calls run on workers.
 */
final class GovernanceRoutes {

    static final int MAX_BULK = 1_000;
    private static final int MAX_DRAFTS = 200;

    private final Vertx vertx;
    private final Governance governance;

    GovernanceRoutes(Vertx vertx, Governance governance) {
        this.vertx = vertx;
        this.governance = governance;
    }

    void mount(Router router) {
        router.post("/v1/governance/evaluate").handler(PolicyEnforcement.require(governance, "governance.evaluate"))
                .handler(this::evaluate);
        router.post("/v1/governance/policies/test")
                .handler(PolicyEnforcement.require(governance, "governance.policies.test"))
                .handler(this::test);
        router.get("/v1/governance/policies").handler(read()).handler(ctx -> blocking(ctx, 200,
                () -> new JsonObject().put("policies", new JsonArray(store().list().stream()
                        .map(GovernanceJson::policyVersion).toList()))));
        router.post("/v1/governance/policies").handler(write()).handler(this::create);
        router.get("/v1/governance/policies/:id").handler(read()).handler(ctx -> {
            String id = ctx.pathParam("id");
            blocking(ctx, 200, () -> store().get(id).map(GovernanceJson::policyVersion)
                    .orElseThrow(() -> ApiException.notFound("No policy " + id)));
        });
        router.put("/v1/governance/policies/:id").handler(write()).handler(this::update);
        router.delete("/v1/governance/policies/:id").handler(write()).handler(ctx -> {
            String id = ctx.pathParam("id");
            String by = AuthenticationHandler.principal(ctx).id();
            if (governance.approvals().enabled()) {
                vertx.executeBlocking(() -> store().get(id).orElseThrow(() -> ApiException.notFound("No policy " + id)),
                                false)
                        .onSuccess(current -> propose(ctx, "delete", current.policy(), by))
                        .onFailure(ctx::fail);
                return;
            }
            blocking(ctx, 200, () -> store().delete(id, by).map(GovernanceJson::policyVersion)
                    .orElseThrow(() -> ApiException.notFound("No policy " + id)));
        });
        router.get("/v1/governance/proposals")
                .handler(PolicyEnforcement.require(governance, "governance.proposals.read"))
                .handler(ctx -> blocking(ctx, 200, () -> new JsonObject()
                        .put("requiredApprovals", governance.approvals().required())
                        .put("proposals", new JsonArray(governance.approvals().list().stream()
                                .map(GovernanceJson::proposal).toList()))));
        router.get("/v1/governance/proposals/:id")
                .handler(PolicyEnforcement.require(governance, "governance.proposals.read"))
                .handler(ctx -> {
                    String id = ctx.pathParam("id");
                    blocking(ctx, 200, () -> governance.approvals().get(id).map(GovernanceJson::proposal)
                            .orElseThrow(() -> ApiException.notFound("No proposal " + id)));
                });
        router.post("/v1/governance/proposals/:id/approve")
                .handler(PolicyEnforcement.require(governance, "governance.proposals.approve"))
                .handler(ctx -> {
                    String id = ctx.pathParam("id");
                    String by = AuthenticationHandler.principal(ctx).id();
                    blocking(ctx, 200, () -> governance.approvals().approve(id, by).map(GovernanceJson::proposal)
                            .orElseThrow(() -> ApiException.notFound("No proposal " + id)));
                });
        router.post("/v1/governance/proposals/:id/reject")
                .handler(PolicyEnforcement.require(governance, "governance.proposals.reject"))
                .handler(ctx -> {
                    String id = ctx.pathParam("id");
                    String by = AuthenticationHandler.principal(ctx).id();
                    blocking(ctx, 200, () -> governance.approvals().reject(id, by).map(GovernanceJson::proposal)
                            .orElseThrow(() -> ApiException.notFound("No proposal " + id)));
                });
        router.get("/v1/governance/policies/:id/versions").handler(read()).handler(ctx -> {
            String id = ctx.pathParam("id");
            blocking(ctx, 200, () -> {
                List<PolicyVersion> versions = store().versions(id);
                if (versions.isEmpty()) {
                    throw ApiException.notFound("No policy " + id);
                }
                return new JsonObject().put("id", id).put("versions", new JsonArray(versions.stream()
                        .map(GovernanceJson::policyVersion).toList()));
            });
        });
    }

    private io.vertx.core.Handler<RoutingContext> read() {
        return PolicyEnforcement.require(governance, "governance.policies.read",
                ctx -> Resource.of("policy", ctx.pathParam("id") == null ? "*" : ctx.pathParam("id")));
    }

    private io.vertx.core.Handler<RoutingContext> write() {
        return PolicyEnforcement.require(governance, "governance.policies.write",
                ctx -> Resource.of("policy", ctx.pathParam("id") == null ? "*" : ctx.pathParam("id")));
    }

    private PolicyStore store() {
        return governance.policies();
    }

    /** One request, or {@code {"requests": [...]}} for a bulk check; a request about another principal needs the
     * {@code governance.evaluate.as} permission too. */
    private void evaluate(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        Principal caller = AuthenticationHandler.principal(ctx);
        if (!body.containsKey("requests")) {
            Responses.json(ctx, 200, new JsonObject().put("decision",
                    GovernanceJson.decision(decide(caller, GovernanceJson.accessRequest(body, caller, governance.roles())))));
            return;
        }
        List<AccessRequest> requests = requests(body, "requests", caller);
        JsonArray decisions = new JsonArray();
        for (AccessRequest request : requests) {
            decisions.add(GovernanceJson.decision(decide(caller, request)));
        }
        Responses.json(ctx, 200, new JsonObject().put("decisions", decisions));
    }

    private Decision decide(Principal caller, AccessRequest request) {
        if (!request.principal().id().equals(caller.id())) {
            Decision mayAskFor = governance.decide(new AccessRequest(caller, "governance.evaluate.as",
                    Resource.of("principal", request.principal().id()), Map.of()));
            if (!mayAskFor.allowed()) {
                throw PolicyEnforcement.forbidden(mayAskFor, "governance.evaluate.as",
                        Resource.of("principal", request.principal().id()));
            }
        }
        return governance.decide(request);
    }

    /** {@code {"policies": [drafts], "requests": [...]}}: decisions under the drafts alone, nothing saved. */
    private void test(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        Object draftsValue = body.getValue("policies");
        if (!(draftsValue instanceof JsonArray drafts) || drafts.size() > MAX_DRAFTS) {
            throw ApiException.badRequest("policies", "'policies' must be an array of at most " + MAX_DRAFTS
                    + " policies");
        }
        List<Policy> policies = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            if (!(drafts.getValue(i) instanceof JsonObject draft)) {
                throw ApiException.badRequest("policies[" + i + "]", "Each policy must be an object");
            }
            policies.add(GovernanceJson.policy(draft));
        }
        PolicySet draftSet;
        try {
            draftSet = PolicySet.compile(policies);
        } catch (PolicyException e) {
            throw GovernanceJson.invalidPolicy(e);
        }
        Principal caller = AuthenticationHandler.principal(ctx);
        JsonArray decisions = new JsonArray();
        for (AccessRequest request : requests(body, "requests", caller)) {
            decisions.add(GovernanceJson.decision(draftSet.evaluate(request, governance.roles())));
        }
        Responses.json(ctx, 200, new JsonObject().put("decisions", decisions));
    }

    private List<AccessRequest> requests(JsonObject body, String field, Principal caller) {
        Object value = body.getValue(field);
        if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_BULK) {
            throw ApiException.badRequest(field, "'" + field + "' must be an array of 1 to " + MAX_BULK
                    + " requests");
        }
        List<AccessRequest> requests = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject item)) {
                throw ApiException.badRequest(field + "[" + i + "]", "Each request must be an object");
            }
            try {
                requests.add(GovernanceJson.accessRequest(item, caller, governance.roles()));
            } catch (ApiException e) {
                throw ApiException.badRequest(field + "[" + i + "]." + e.details().get("field"), e.getMessage());
            }
        }
        return requests;
    }

    private void create(RoutingContext ctx) {
        Policy policy = GovernanceJson.policy(JsonBodies.object(ctx));
        String by = AuthenticationHandler.principal(ctx).id();
        if (governance.approvals().enabled()) {
            propose(ctx, "create", policy, by);
            return;
        }
        vertx.executeBlocking(() -> store().create(policy, by), false)
                .onSuccess(saved -> {
                    ctx.response().putHeader(HttpHeaders.LOCATION, "/v1/governance/policies/" + policy.id());
                    Responses.json(ctx, 201, GovernanceJson.policyVersion(saved));
                })
                .onFailure(failure -> ctx.fail(translate(failure)));
    }

    private void update(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String id = ctx.pathParam("id");
        if (body.getValue("id") == null) {
            body.put("id", id);
        }
        Policy policy = GovernanceJson.policy(body);
        if (!policy.id().equals(id)) {
            throw ApiException.badRequest("id", "The body's id '" + policy.id() + "' differs from the path's '"
                    + id + "'");
        }
        String by = AuthenticationHandler.principal(ctx).id();
        if (governance.approvals().enabled()) {
            propose(ctx, "update", policy, by);
            return;
        }
        blocking(ctx, 200, () -> store().update(policy, by).map(GovernanceJson::policyVersion)
                .orElseThrow(() -> ApiException.notFound("No policy " + id + "; create it with POST")));
    }

    /** With change approval on, a change becomes a proposal: 202 and where to follow it. */
    private void propose(RoutingContext ctx, String kind, Policy policy, String by) {
        vertx.executeBlocking(() -> governance.approvals().propose(kind, policy, by), false)
                .onSuccess(proposal -> {
                    ctx.response().putHeader(HttpHeaders.LOCATION, "/v1/governance/proposals/" + proposal.id());
                    Responses.json(ctx, 202, GovernanceJson.proposal(proposal));
                })
                .onFailure(failure -> ctx.fail(translate(failure)));
    }

    private void blocking(RoutingContext ctx, int status, Callable<JsonObject> work) {
        vertx.executeBlocking(work, false)
                .onSuccess(body -> Responses.json(ctx, status, body))
                .onFailure(failure -> ctx.fail(translate(failure)));
    }

    private static Throwable translate(Throwable failure) {
        if (failure instanceof PolicyException invalid) {
            return GovernanceJson.invalidPolicy(invalid);
        }
        if (failure instanceof PolicyStore.PolicyExistsException exists) {
            return new ApiException(409, "CONFLICT", exists.getMessage());
        }
        if (failure instanceof PolicyApprovals.ApprovalException refused) {
            return new ApiException(409, "CONFLICT", refused.getMessage());
        }
        return failure;
    }
}
