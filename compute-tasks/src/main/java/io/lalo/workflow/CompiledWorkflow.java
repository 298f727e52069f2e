package io.lalo.workflow;

import dev.cel.runtime.CelRuntime;
import java.util.List;
import java.util.Map;

/**
 * A checked workflow, ready to run: nodes by name, each transform's compiled expressions, each node's run policy,
 * and the routing out of each node with compiled conditions. Immutable; shared by every run of this version.
 *
 * @param version the stored version this was compiled from (0 when it was never stored)
 */
public record CompiledWorkflow(WorkflowDefinition definition, int version, Map<String, NodeSpec> nodes,
                               Map<String, Map<String, CelRuntime.Program>> transforms,
                               Map<String, NodePolicy> policies, Map<String, List<Route>> routes,
                               List<Edge.Join> joins) {

    /** The same workflow, known as stored version {@code number}. */
    public CompiledWorkflow withVersion(int number) {
        return new CompiledWorkflow(definition, number, nodes, transforms, policies, routes, joins);
    }

    public NodePolicy policy(String node) {
        return policies.getOrDefault(node, NodePolicy.DEFAULT);
    }

    /** A join's name in checkpoints: its sources and target. */
    static String joinKey(Edge.Join join) {
        return String.join("+", join.from()) + ">" + join.to();
    }

    /** One way out of a node: targets to schedule, guarded branches to choose among, or a fan-out. */
    public sealed interface Route {
    }

    /** Schedules all targets. */
    public record Always(List<String> targets) implements Route {
    }

    /** Schedules the first branch whose condition holds, else the default. */
    public record Choose(List<CelRuntime.Program> conditions, List<String> targets, String otherwise)
            implements Route {
    }

    /** Schedules one task of {@code to} per item of the list {@code each} evaluates to, the item seen as {@code as}. */
    public record Fan(CelRuntime.Program each, String to, String as) implements Route {
    }
}
