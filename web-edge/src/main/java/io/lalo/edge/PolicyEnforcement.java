package io.lalo.edge;

import io.lalo.edge.auth.AuthenticationHandler;
import io.lalo.governance.AccessRequest;
import io.lalo.governance.Decision;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Function;

/**
 * The request-level governance check every authenticated route has before its handler: the route names its
 * action and resource, the policies decide (in memory, microseconds, so on the event loop), the decision is queued
 * for the audit trail (never waiting on it; a full queue refuses the request with 503 rather than act unaudited),
 * and a denial is a 403 carrying the deciding policy ids and the reason, and no data. An allow's decision (with any obligations) is kept
 * on the context for the handler.
 */
public final class PolicyEnforcement {

    private static final String DECISION = "lalo.decision";

    private PolicyEnforcement() {
    }

    static Handler<RoutingContext> require(Governance governance, String action,
                                           Function<RoutingContext, Resource> resource) {
        return ctx -> {
            Resource target = resource.apply(ctx);
            Principal principal = AuthenticationHandler.principal(ctx);
            Decision decision = authorize(governance, principal, action, target,
                    Map.of("method", ctx.request().method().name(), "path", ctx.normalizedPath()),
                    RequestIdHandler.requestId(ctx));
            if (decision.allowed()) {
                ctx.put(DECISION, decision);
                ctx.next();
            } else {
                ctx.fail(forbidden(decision, action, target));
            }
        };
    }

    /**
     * Decides and audits one access the way every route does (other front doors, such as MCP tools, use it too);
     * the caller acts on the decision.
     */
    public static Decision authorize(Governance governance, Principal principal, String action, Resource target,
                                     Map<String, Object> attributes, String requestId) {
        Decision decision = governance.decide(new AccessRequest(principal, action, target, attributes));
        governance.recordOrRefuse(principal, action, target, decision, requestId, decision.obligations().redactPii());
        return decision;
    }

    /** The allowing decision {@link #require} kept for the handler (with its obligations). */
    static Decision decision(RoutingContext ctx) {
        Decision decision = ctx.get(DECISION);
        if (decision == null) {
            throw new IllegalStateException("no policy decision on this route");
        }
        return decision;
    }

    /** A check on the route itself: the resource is {@code route:<path pattern>}. */
    static Handler<RoutingContext> require(Governance governance, String action) {
        return require(governance, action, ctx -> Resource.of("route",
                ctx.currentRoute() == null || ctx.currentRoute().getPath() == null
                        ? ctx.normalizedPath() : ctx.currentRoute().getPath()));
    }

    static ApiException forbidden(Decision decision, String action, Resource resource) {
        return new ApiException(403, "FORBIDDEN", decision.reason(), Map.of(
                "policyIds", decision.policyIds(),
                "reason", decision.reason(),
                "action", action,
                "resource", resource.qualifiedName()));
    }
}
