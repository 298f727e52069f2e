package io.lalo.workflow;

import io.lalo.governance.AccessRequest;
import io.lalo.governance.Decision;
import io.lalo.governance.Governance;
import io.lalo.governance.Resource;
import java.util.Map;

/**
 * The {@code governance.check} node: decides {@code action} on {@code resource} ({@code type:name}) for the run's
 * principal; a denial ends the run with the policy's reason, an allow lets it go on (recorded in the audit trail
 * either way). Also registers {@code mcp.call} ({@link McpCallNode}), whose calls are governed per server.
 */
public final class GovernanceNodes {

    private GovernanceNodes() {
    }

    public static void register(NodeTypes types, Governance governance) {
        types.register("mcp.call", new McpCallNode(governance, java.time.Duration.ofSeconds(30)));
        types.register("governance.check", (node, state, context) -> {
            String action = String.valueOf(node.config().getOrDefault("action", "ask"));
            String[] resource = String.valueOf(node.config().getOrDefault("resource", "workflow:*")).split(":", 2);
            Resource target = Resource.of(resource[0], resource.length > 1 ? resource[1] : "*");
            Decision decision = governance.decide(new AccessRequest(context.principal(), action, target, Map.of()));
            governance.recordOrRefuse(context.principal(), action, target, decision, context.requestId(),
                    decision.obligations().redactPii());
            if (!decision.allowed()) {
                throw new IllegalStateException("Denied " + action + " on " + target.qualifiedName() + ": "
                        + decision.reason());
            }
            return Map.of();
        });
    }
}
