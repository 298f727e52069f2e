package io.lalo.workflow;

import java.util.List;
import java.util.Map;

/**
 * A workflow graph as written: state channels, nodes, edges, the entry node and the most steps a run may take
 * (LangGraph's recursion limit). Checked and compiled by {@link WorkflowCompiler} before anything runs it.
 */
public record WorkflowDefinition(String id, String description, String entry, Map<String, Channel> channels,
                                 List<NodeSpec> nodes, List<Edge> edges, int recursionLimit) {

    public static final int DEFAULT_RECURSION_LIMIT = 25;

    public WorkflowDefinition {
        description = description == null ? "" : description;
        channels = Map.copyOf(channels);
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }
}
