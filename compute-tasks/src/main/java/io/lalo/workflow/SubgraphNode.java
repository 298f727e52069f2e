package io.lalo.workflow;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code subgraph} node: runs another stored workflow as one task of this one, in its own namespace — the
 * child has its own channels, filled from {@code input} (child channel: CEL over the parent's state); when it
 * ends, {@code output} (parent channel: CEL over the child's final state) is what the node writes. The child runs
 * to its end inside the task, so its result is the task's pending write like any node's: a parent resumed after a
 * failure does not run a finished subgraph again. An approval inside the child cannot pause the parent (it would
 * need the child's own checkpoints); it fails the node with that explanation.
 *
 * <pre>
 * research: {type: subgraph, workflow: research, version: 3,
 *            input: {question: "state.question"}, output: {notes: "state.findings"}}
 * </pre>
 */
final class SubgraphNode implements NodeFunction {

    private final WorkflowStore workflows;
    private final GraphRunner runner;

    /** @param runner runs the child's tasks (on a pool of its own, so a parent waiting never starves its child) */
    SubgraphNode(WorkflowStore workflows, GraphRunner runner) {
        this.workflows = workflows;
        this.runner = runner;
    }

    @Override
    public Map<String, Object> run(NodeSpec node, Map<String, Object> state, RunContext context) {
        String id = String.valueOf(node.config().get("workflow"));
        int pinned = NodeInputs.integer(node, "version", 0);
        WorkflowStore.Version version = (pinned > 0 ? workflows.get(id, pinned) : workflows.get(id))
                .orElseThrow(() -> new IllegalStateException("no stored workflow '" + id + "'"
                        + (pinned > 0 ? " version " + pinned : "")));
        Map<String, Object> input = new LinkedHashMap<>();
        mapping(node, "input").forEach((channel, expression) ->
                input.put(channel, NodeInputs.evaluate(node, "input." + channel, expression, state)));
        RunResult child = runner.start(workflows.compiled(version), Map.of(), input, context,
                StepJournal.of(step -> { }));
        if (child.status() == RunResult.Status.INTERRUPTED) {
            throw new IllegalStateException("subgraph '" + id + "' asked for approval at '" + child.interruptedNode()
                    + "'; an approval inside a subgraph cannot pause its parent (put it in the parent)");
        }
        if (child.status() == RunResult.Status.ERROR) {
            throw new IllegalStateException("subgraph '" + id + "': " + child.message());
        }
        Map<String, Object> childState = GraphRunner.nullSafe(child.state());
        Map<String, Object> out = new LinkedHashMap<>();
        mapping(node, "output").forEach((channel, expression) ->
                out.put(channel, NodeInputs.evaluate(node, "output." + channel, expression, childState)));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> mapping(NodeSpec node, String setting) {
        return node.config().get(setting) instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
    }
}
