package io.lalo.workflow;

import dev.cel.runtime.CelRuntime;
import java.util.List;
import java.util.Map;

/**
 * A checked workflow, ready to run: nodes by name, each transform's compiled expressions, and the routing out of
 * each node with compiled conditions. Immutable; shared by every run of this version.
 */
public record CompiledWorkflow(WorkflowDefinition definition, Map<String, NodeSpec> nodes,
                               Map<String, Map<String, CelRuntime.Program>> transforms,
                               Map<String, List<Route>> routes, List<Edge.Join> joins) {

    /** One way out of a node: targets to schedule, or guarded branches to choose among. */
    public sealed interface Route {
    }

    /** Schedules all targets. */
    public record Always(List<String> targets) implements Route {
    }

    /** Schedules the first branch whose condition holds, else the default. */
    public record Choose(List<CelRuntime.Program> conditions, List<String> targets, String otherwise)
            implements Route {
    }
}
