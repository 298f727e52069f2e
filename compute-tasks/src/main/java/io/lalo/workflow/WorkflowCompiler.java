package io.lalo.workflow;

import dev.cel.runtime.CelRuntime;
import io.lalo.workflow.WorkflowDefinitionException.Problem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a workflow definition and compiles it, reporting every problem at once: unknown node types, edges to or
 * from nodes that do not exist, nodes without a way out, nodes the entry cannot reach, nodes from which the end
 * cannot be reached (a cycle without exit), CEL that does not compile, transforms writing channels that do not
 * exist. Nothing that fails here can be saved or run.
 */
public final class WorkflowCompiler {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final Pattern NODE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    static final int MAX_RECURSION_LIMIT = 10_000;

    private final NodeTypes types;

    public WorkflowCompiler(NodeTypes types) {
        this.types = types;
    }

    public CompiledWorkflow compile(WorkflowDefinition definition) {
        List<Problem> problems = new ArrayList<>();
        if (!ID.matcher(definition.id()).matches()) {
            problems.add(new Problem("id", "must be 1-64 lower-case letters, digits, '.', '_' or '-'"));
        }
        if (definition.recursionLimit() < 1 || definition.recursionLimit() > MAX_RECURSION_LIMIT) {
            problems.add(new Problem("recursionLimit", "must lie in [1, " + MAX_RECURSION_LIMIT + "]"));
        }
        Map<String, NodeSpec> nodes = new LinkedHashMap<>();
        Map<String, Map<String, CelRuntime.Program>> transforms = new HashMap<>();
        Map<String, NodePolicy> policies = new HashMap<>();
        for (NodeSpec node : definition.nodes()) {
            String where = "nodes." + node.name();
            if (!NODE.matcher(node.name()).matches()) {
                problems.add(new Problem(where, "a node name is 1-64 letters, digits, '_' or '-', starting with a "
                        + "letter"));
            }
            if (!types.known(node.type())) {
                problems.add(new Problem(where + ".type", "unknown node type '" + node.type() + "'"));
            }
            if (node.type().equals("transform")) {
                transforms.put(node.name(), transform(node, definition, problems));
            }
            serviceSettings(node, definition, problems);
            NodePolicy policy = NodePolicy.of(node, problems);
            if (!policy.equals(NodePolicy.DEFAULT)) {
                policies.put(node.name(), policy);
            }
            onError(node, definition, problems);
            nodes.put(node.name(), node);
        }
        if (!nodes.containsKey(definition.entry())) {
            problems.add(new Problem("entry", "'" + definition.entry() + "' is not a node"));
        }
        Map<String, List<CompiledWorkflow.Route>> routes = new HashMap<>();
        Map<String, Set<String>> successors = new HashMap<>();
        List<Edge.Join> joins = new ArrayList<>();
        for (int i = 0; i < definition.edges().size(); i++) {
            Edge edge = definition.edges().get(i);
            String where = "edges[" + i + "]";
            if (edge instanceof Edge.Direct direct) {
                source(direct.from(), where + ".from", nodes, problems);
                direct.to().forEach(to -> target(to, where + ".to", nodes, problems));
                routes.computeIfAbsent(direct.from(), n -> new ArrayList<>())
                        .add(new CompiledWorkflow.Always(direct.to()));
                successors.computeIfAbsent(direct.from(), n -> new HashSet<>()).addAll(direct.to());
            } else if (edge instanceof Edge.Conditional conditional) {
                source(conditional.from(), where + ".from", nodes, problems);
                List<CelRuntime.Program> programs = new ArrayList<>();
                List<String> targets = new ArrayList<>();
                for (int b = 0; b < conditional.branches().size(); b++) {
                    Edge.Branch branch = conditional.branches().get(b);
                    CelState.Compiled compiled = CelState.condition(branch.condition());
                    if (compiled.error() != null) {
                        problems.add(new Problem(where + ".when[" + b + "].if", compiled.error()));
                    }
                    programs.add(compiled.program());
                    targets.add(branch.to());
                    target(branch.to(), where + ".when[" + b + "].to", nodes, problems);
                }
                target(conditional.otherwise(), where + ".else", nodes, problems);
                routes.computeIfAbsent(conditional.from(), n -> new ArrayList<>())
                        .add(new CompiledWorkflow.Choose(programs, targets, conditional.otherwise()));
                Set<String> out = successors.computeIfAbsent(conditional.from(), n -> new HashSet<>());
                out.addAll(targets);
                out.add(conditional.otherwise());
            } else if (edge instanceof Edge.Send send) {
                source(send.from(), where + ".from", nodes, problems);
                target(send.to(), where + ".send.to", nodes, problems);
                if (send.to().equals(Edge.END)) {
                    problems.add(new Problem(where + ".send.to", "tasks are sent to a node, not to " + Edge.END));
                }
                if (!NODE.matcher(send.as()).matches()) {
                    problems.add(new Problem(where + ".send.as", "must be a name (letters, digits, '_' or '-')"));
                }
                CelState.Compiled compiled = CelState.expression(send.each());
                if (compiled.error() != null) {
                    problems.add(new Problem(where + ".send.each", compiled.error()));
                }
                routes.computeIfAbsent(send.from(), n -> new ArrayList<>())
                        .add(new CompiledWorkflow.Fan(compiled.program(), send.to(), send.as()));
                successors.computeIfAbsent(send.from(), n -> new HashSet<>()).add(send.to());
            } else if (edge instanceof Edge.Join join) {
                join.from().forEach(from -> source(from, where + ".join", nodes, problems));
                target(join.to(), where + ".to", nodes, problems);
                if (join.from().size() < 2) {
                    problems.add(new Problem(where + ".join", "a join waits for at least two nodes"));
                }
                joins.add(join);
                join.from().forEach(from -> successors.computeIfAbsent(from, n -> new HashSet<>()).add(join.to()));
            }
        }
        if (problems.isEmpty()) {
            checkShape(definition.entry(), nodes.keySet(), successors, problems);
        }
        if (!problems.isEmpty()) {
            throw new WorkflowDefinitionException(problems);
        }
        return new CompiledWorkflow(definition, 0, Map.copyOf(nodes), Map.copyOf(transforms), Map.copyOf(policies),
                Map.copyOf(routes), List.copyOf(joins));
    }

    private static Map<String, CelRuntime.Program> transform(NodeSpec node, WorkflowDefinition definition,
                                                             List<Problem> problems) {
        String where = "nodes." + node.name() + ".set";
        Map<String, CelRuntime.Program> programs = new LinkedHashMap<>();
        if (!(node.config().get("set") instanceof Map<?, ?> set) || set.isEmpty()) {
            problems.add(new Problem(where, "a transform needs 'set': {channel: CEL expression, ...}"));
            return programs;
        }
        set.forEach((channel, expression) -> {
            if (!definition.channels().containsKey(String.valueOf(channel))) {
                problems.add(new Problem(where + "." + channel, "no state channel '" + channel + "'"));
            } else if (!(expression instanceof String source)) {
                problems.add(new Problem(where + "." + channel, "must be a CEL expression (a string)"));
            } else {
                CelState.Compiled compiled = CelState.expression(source);
                if (compiled.error() != null) {
                    problems.add(new Problem(where + "." + channel, compiled.error()));
                } else {
                    programs.put(String.valueOf(channel), compiled.program());
                }
            }
        });
        return programs;
    }

    /** A service node's CEL settings must compile, and its output channel must exist. */
    private static void serviceSettings(NodeSpec node, WorkflowDefinition definition, List<Problem> problems) {
        String where = "nodes." + node.name();
        NodeInputs.CEL_SETTINGS.getOrDefault(node.type(), Map.of()).forEach((setting, fallback) -> {
            Object source = node.config().getOrDefault(setting, fallback);
            CelState.Compiled compiled = source instanceof String text ? CelState.expression(text) : null;
            if (compiled == null) {
                problems.add(new Problem(where + "." + setting, "must be a CEL expression (a string)"));
            } else if (compiled.error() != null) {
                problems.add(new Problem(where + "." + setting, compiled.error()));
            }
        });
        if (node.type().equals("subgraph")) {
            subgraphSettings(node, definition, problems);
        }
        if (node.type().equals("mcp.call")) {
            Object url = node.config().get("url");
            if (!(url instanceof String text) || !text.matches("https?://[^\\s]+")) {
                problems.add(new Problem(where + ".url", "an mcp.call node needs the server's http(s) URL"));
            }
            if (!(node.config().get("tool") instanceof String tool) || tool.isBlank()) {
                problems.add(new Problem(where + ".tool", "an mcp.call node names the tool to call"));
            }
        }
        if (node.type().equals("llm.chat") && node.config().containsKey("messages")) {
            CelState.Compiled compiled = node.config().get("messages") instanceof String text
                    ? CelState.expression(text) : null;
            if (compiled == null || compiled.error() != null) {
                problems.add(new Problem(where + ".messages", compiled == null
                        ? "must be a CEL expression (a string)" : compiled.error()));
            }
        }
        if (node.type().equals("sql")) {
            if (!(node.config().get("sql") instanceof String sql) || sql.isBlank()) {
                problems.add(new Problem(where + ".sql", "a sql node needs its statement"));
            }
            if (node.config().get("params") instanceof List<?> params) {
                for (int i = 0; i < params.size(); i++) {
                    CelState.Compiled compiled = CelState.expression(String.valueOf(params.get(i)));
                    if (compiled.error() != null) {
                        problems.add(new Problem(where + ".params[" + i + "]", compiled.error()));
                    }
                }
            } else if (node.config().containsKey("params")) {
                problems.add(new Problem(where + ".params", "must be a list of CEL expressions"));
            }
        }
        String fallback = NodeInputs.DEFAULT_OUTPUT.get(node.type());
        if (fallback != null) {
            String output = String.valueOf(node.config().getOrDefault("output", fallback));
            if (!definition.channels().containsKey(output)) {
                problems.add(new Problem(where + ".output", "no state channel '" + output + "' to write to"));
            }
        }
    }

    /** A subgraph names a workflow; its input and output map channels to CEL; outputs are this graph's channels. */
    private static void subgraphSettings(NodeSpec node, WorkflowDefinition definition, List<Problem> problems) {
        String where = "nodes." + node.name();
        if (!(node.config().get("workflow") instanceof String id) || !ID.matcher(id).matches()) {
            problems.add(new Problem(where + ".workflow", "a subgraph names a stored workflow by its id"));
        } else if (id.equals(definition.id())) {
            problems.add(new Problem(where + ".workflow", "a workflow cannot be its own subgraph"));
        }
        for (String setting : List.of("input", "output")) {
            Object mapping = node.config().get(setting);
            if (mapping == null) {
                continue;
            }
            if (!(mapping instanceof Map<?, ?> map)) {
                problems.add(new Problem(where + "." + setting, "must be {channel: CEL expression, ...}"));
                continue;
            }
            map.forEach((channel, expression) -> {
                String at = where + "." + setting + "." + channel;
                CelState.Compiled compiled = expression instanceof String text ? CelState.expression(text) : null;
                if (compiled == null || compiled.error() != null) {
                    problems.add(new Problem(at, compiled == null ? "must be a CEL expression (a string)"
                            : compiled.error()));
                }
                if (setting.equals("output") && !definition.channels().containsKey(String.valueOf(channel))) {
                    problems.add(new Problem(at, "no state channel '" + channel + "' to write to"));
                }
            });
        }
    }

    /** {@code onError} is {@code raise} (the default) or {@code record}, and recording needs a channel. */
    private static void onError(NodeSpec node, WorkflowDefinition definition, List<Problem> problems) {
        Object onError = node.config().get("onError");
        if (onError == null || "raise".equals(onError)) {
            return;
        }
        String where = "nodes." + node.name() + ".onError";
        if (!"record".equals(onError)) {
            problems.add(new Problem(where, "must be 'raise' or 'record'"));
            return;
        }
        String channel = NodeExecutor.errorChannel(node);
        if (channel == null) {
            problems.add(new Problem(where, "recording a failure needs an 'output' channel"));
        } else if (!definition.channels().containsKey(channel)) {
            problems.add(new Problem(where, "no state channel '" + channel + "' to record the failure in"));
        }
    }

    private static void source(String name, String where, Map<String, NodeSpec> nodes, List<Problem> problems) {
        if (!nodes.containsKey(name)) {
            problems.add(new Problem(where, "edge from '" + name + "', which is not a node"));
        }
    }

    private static void target(String name, String where, Map<String, NodeSpec> nodes, List<Problem> problems) {
        if (!name.equals(Edge.END) && !nodes.containsKey(name)) {
            problems.add(new Problem(where, "edge to '" + name + "', which is not a node (or " + Edge.END + ")"));
        }
    }

    /** Every node has a way out, is reachable from the entry, and can reach the end. */
    private static void checkShape(String entry, Set<String> nodes, Map<String, Set<String>> successors,
                                   List<Problem> problems) {
        for (String node : nodes) {
            if (successors.getOrDefault(node, Set.of()).isEmpty()) {
                problems.add(new Problem("nodes." + node, "has no outgoing edge (route it on, or to " + Edge.END
                        + ")"));
            }
        }
        Set<String> reachable = reach(Set.of(entry), successors);
        for (String node : nodes) {
            if (!reachable.contains(node)) {
                problems.add(new Problem("nodes." + node, "is unreachable from the entry '" + entry + "'"));
            }
        }
        Map<String, Set<String>> predecessors = new HashMap<>();
        successors.forEach((from, tos) -> tos.forEach(to ->
                predecessors.computeIfAbsent(to, n -> new HashSet<>()).add(from)));
        Set<String> canEnd = reach(Set.of(Edge.END), predecessors);
        for (String node : nodes) {
            if (reachable.contains(node) && !canEnd.contains(node)) {
                problems.add(new Problem("nodes." + node, "can never reach " + Edge.END
                        + " (a cycle without exit)"));
            }
        }
    }

    private static Set<String> reach(Set<String> start, Map<String, Set<String>> next) {
        Set<String> seen = new HashSet<>(start);
        Deque<String> queue = new ArrayDeque<>(start);
        while (!queue.isEmpty()) {
            for (String neighbour : next.getOrDefault(queue.poll(), Set.of())) {
                if (seen.add(neighbour)) {
                    queue.add(neighbour);
                }
            }
        }
        return seen;
    }
}
