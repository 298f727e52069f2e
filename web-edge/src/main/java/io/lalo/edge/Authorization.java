package io.lalo.edge;

import io.lalo.edge.auth.AuthenticationHandler;
import io.lalo.governance.Principal;
import io.lalo.governance.RoleHierarchy;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Route-level role requirements: a handler placed before a route's own handler that lets the request through only
 * when the caller holds the role (directly or by inheritance), and otherwise answers 403 saying which role was
 * missing and no data.
 */
final class Authorization {

    private Authorization() {
    }

    static Handler<RoutingContext> requireRole(RoleHierarchy roles, String role) {
        return ctx -> {
            Principal principal = AuthenticationHandler.principal(ctx);
            if (roles.has(principal, role)) {
                ctx.next();
            } else {
                ctx.fail(new ApiException(403, "FORBIDDEN", "This needs the '" + role + "' role",
                        Map.of("requiredRole", role, "reason", "role " + role + " not held by " + principal.id())));
            }
        };
    }
}
