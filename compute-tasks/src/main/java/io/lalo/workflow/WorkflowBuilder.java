package io.lalo.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Workflows in Java, for graphs with custom nodes and reducers: the same model as the YAML/JSON form, built in
 * code and checked by the same {@link WorkflowCompiler}. Custom node functions are registered on the given
 * {@link NodeTypes} under a type named after the workflow and node ({@code java:<id>.<node>}).
 *
 * <pre>
 * CompiledWorkflow triage = WorkflowBuilder.workflow("triage")
 *     .channel("question", Reducer.LAST, null)
 *     .channel("score", (a, b) -&gt; Math.max(...), 0L)          // a custom reducer
 *     .node("classify", "transform", Map.of("set", Map.of("route", "...")))
 *     .node("score", (node, state, context) -&gt; Map.of("score", 3L))   // a custom Java node
 *     .edge("classify", "score").edge("score", Edge.END)
 *     .entry("classify")
 *     .build(types);
 * </pre>
 */
public final class WorkflowBuilder {

    private final String id;
    private String description = "";
    private String entry;
    private int recursionLimit = WorkflowDefinition.DEFAULT_RECURSION_LIMIT;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final List<NodeSpec> nodes = new ArrayList<>();
    private final Map<String, NodeFunction> functions = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();

    private WorkflowBuilder(String id) {
        this.id = id;
    }

    public static WorkflowBuilder workflow(String id) {
        return new WorkflowBuilder(id);
    }

    public WorkflowBuilder description(String text) {
        this.description = text;
        return this;
    }

    /** A channel with a built-in or custom reducer and its value before any update. */
    public WorkflowBuilder channel(String name, Reducer reducer, Object initial) {
        String reducerName = reducer == Reducer.LAST ? "last" : reducer == Reducer.APPEND ? "append"
                : reducer == Reducer.MERGE ? "merge" : reducer == Reducer.SUM ? "sum" : "custom";
        channels.put(name, new Channel(name, reducerName, reducer, initial));
        return this;
    }

    /** A node of a built-in or registered type, with its settings. */
    public WorkflowBuilder node(String name, String type, Map<String, Object> config) {
        nodes.add(new NodeSpec(name, type, config));
        return this;
    }

    /** A custom Java node. */
    public WorkflowBuilder node(String name, NodeFunction function) {
        String type = "java:" + id + "." + name;
        functions.put(type, function);
        nodes.add(new NodeSpec(name, type, Map.of()));
        return this;
    }

    /** After {@code from}, run {@code to} (several: parallel branches). */
    public WorkflowBuilder edge(String from, String... to) {
        edges.add(new Edge.Direct(from, List.of(to)));
        return this;
    }

    /** After {@code from}, the first branch whose CEL condition holds, else {@code otherwise}. */
    public WorkflowBuilder when(String from, List<Edge.Branch> branches, String otherwise) {
        edges.add(new Edge.Conditional(from, branches, otherwise));
        return this;
    }

    /** Once all of {@code from} have finished, run {@code to}. */
    /** One task of {@code to} per item of the list the CEL expression {@code each} yields, seen as {@code as}. */
    public WorkflowBuilder send(String from, String each, String to, String as) {
        edges.add(new Edge.Send(from, each, to, as));
        return this;
    }

    public WorkflowBuilder join(List<String> from, String to) {
        edges.add(new Edge.Join(from, to));
        return this;
    }

    public WorkflowBuilder entry(String node) {
        this.entry = node;
        return this;
    }

    public WorkflowBuilder recursionLimit(int steps) {
        this.recursionLimit = steps;
        return this;
    }

    /** The definition, as written (not yet checked). */
    public WorkflowDefinition definition() {
        return new WorkflowDefinition(id, description, entry == null ? "" : entry, channels, nodes, edges,
                recursionLimit);
    }

    /**
     * Registers the custom nodes on {@code types} and compiles.
     *
     * @throws WorkflowDefinitionException with every problem, as for YAML definitions
     */
    public CompiledWorkflow build(NodeTypes types) {
        functions.forEach(types::register);
        return new WorkflowCompiler(types).compile(definition());
    }
}
