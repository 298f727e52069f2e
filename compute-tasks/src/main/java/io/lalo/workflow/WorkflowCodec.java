package io.lalo.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON/YAML form of a workflow (as {@code POST /v1/workflows} and {@code config/workflows/*.yaml} give it,
 * parsed into plain maps and lists) to a {@link WorkflowDefinition}. Shape errors name the field; meaning is
 * checked by {@link WorkflowCompiler}.
 *
 * <pre>
 * id: triage
 * entry: classify
 * state:   {question: {reducer: last}, notes: {reducer: append, default: []}}
 * nodes:
 *   classify: {type: transform, set: {route: "state.question.contains('order') ? 'sql' : 'docs'"}}
 * edges:
 *   - {from: classify, when: [{if: "state.route == 'sql'", to: sql}], else: docs}
 *   - {from: start, to: [a, b]}          # parallel branches
 *   - {join: [a, b], to: merge}          # waits for both
 *   - {from: plan, send: {each: "state.items", to: work, as: item}}   # one task of work per item
 *   - {from: merge, to: __end__}
 * </pre>
 */
public final class WorkflowCodec {

    private WorkflowCodec() {
    }

    public static WorkflowDefinition fromMap(Map<String, ?> map, NodeTypes types) {
        List<WorkflowDefinitionException.Problem> problems = new ArrayList<>();
        String id = text(map, "id", problems);
        String entry = text(map, "entry", problems);
        Object limitValue = map.get("recursionLimit");
        int limit = WorkflowDefinition.DEFAULT_RECURSION_LIMIT;
        if (limitValue instanceof Number number && number.intValue() == number.doubleValue()) {
            limit = number.intValue();
        } else if (limitValue != null) {
            problems.add(new WorkflowDefinitionException.Problem("recursionLimit", "must be a whole number"));
        }
        Map<String, Channel> channels = new LinkedHashMap<>();
        for (Map.Entry<String, Object> channel : object(map, "state", problems).entrySet()) {
            String where = "state." + channel.getKey();
            Map<String, Object> spec = channel.getValue() instanceof Map<?, ?> m ? cast(m) : null;
            if (spec == null) {
                problems.add(new WorkflowDefinitionException.Problem(where, "must be an object {reducer, default}"));
                continue;
            }
            String reducerName = spec.getOrDefault("reducer", "last").toString();
            Reducer reducer = types.reducerNamed(reducerName);
            if (reducer == null) {
                problems.add(new WorkflowDefinitionException.Problem(where + ".reducer", "unknown reducer '"
                        + reducerName + "' (built in: last, append, merge, sum)"));
                continue;
            }
            channels.put(channel.getKey(), new Channel(channel.getKey(), reducerName, reducer, spec.get("default")));
        }
        List<NodeSpec> nodes = new ArrayList<>();
        for (Map.Entry<String, Object> node : object(map, "nodes", problems).entrySet()) {
            if (!(node.getValue() instanceof Map<?, ?> m)) {
                problems.add(new WorkflowDefinitionException.Problem("nodes." + node.getKey(),
                        "must be an object with a type"));
                continue;
            }
            Map<String, Object> config = new LinkedHashMap<>(cast(m));
            Object type = config.remove("type");
            if (!(type instanceof String typeName) || typeName.isBlank()) {
                problems.add(new WorkflowDefinitionException.Problem("nodes." + node.getKey() + ".type",
                        "is required"));
                continue;
            }
            nodes.add(new NodeSpec(node.getKey(), typeName, config));
        }
        List<Edge> edges = new ArrayList<>();
        Object edgeList = map.get("edges");
        if (!(edgeList instanceof List<?> list)) {
            problems.add(new WorkflowDefinitionException.Problem("edges", "must be a list"));
        } else {
            for (int i = 0; i < list.size(); i++) {
                Edge edge = edge(list.get(i), "edges[" + i + "]", problems);
                if (edge != null) {
                    edges.add(edge);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new WorkflowDefinitionException(problems);
        }
        return new WorkflowDefinition(id, map.get("description") == null ? "" : map.get("description").toString(),
                entry, channels, nodes, edges, limit);
    }

    private static Edge edge(Object value, String where, List<WorkflowDefinitionException.Problem> problems) {
        if (!(value instanceof Map<?, ?> m)) {
            problems.add(new WorkflowDefinitionException.Problem(where, "must be an object"));
            return null;
        }
        Map<String, Object> spec = cast(m);
        if (spec.containsKey("join")) {
            List<String> from = names(spec.get("join"), where + ".join", problems);
            String to = spec.get("to") instanceof String s ? s : null;
            if (to == null) {
                problems.add(new WorkflowDefinitionException.Problem(where + ".to", "a join needs one target"));
                return null;
            }
            return from == null ? null : new Edge.Join(from, to);
        }
        if (!(spec.get("from") instanceof String from)) {
            problems.add(new WorkflowDefinitionException.Problem(where + ".from", "is required"));
            return null;
        }
        if (spec.containsKey("send")) {
            if (!(spec.get("send") instanceof Map<?, ?> send) || !(send.get("each") instanceof String each)
                    || !(send.get("to") instanceof String to)) {
                problems.add(new WorkflowDefinitionException.Problem(where + ".send",
                        "must be {each: CEL list, to: node, as: name}"));
                return null;
            }
            Object as = send.get("as") == null ? "item" : send.get("as");
            return new Edge.Send(from, each, to, as.toString());
        }
        if (spec.containsKey("when")) {
            if (!(spec.get("when") instanceof List<?> list) || list.isEmpty()) {
                problems.add(new WorkflowDefinitionException.Problem(where + ".when", "must be a list of {if, to}"));
                return null;
            }
            List<Edge.Branch> branches = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> b) || !(b.get("if") instanceof String condition)
                        || !(b.get("to") instanceof String to)) {
                    problems.add(new WorkflowDefinitionException.Problem(where + ".when[" + i + "]",
                            "must be {if: CEL, to: node}"));
                    return null;
                }
                branches.add(new Edge.Branch(condition, to));
            }
            Object otherwise = spec.getOrDefault("else", Edge.END);
            return new Edge.Conditional(from, branches, otherwise.toString());
        }
        List<String> to = names(spec.get("to"), where + ".to", problems);
        return to == null ? null : new Edge.Direct(from, to);
    }

    private static List<String> names(Object value, String where, List<WorkflowDefinitionException.Problem> problems) {
        if (value instanceof String single) {
            return List.of(single);
        }
        if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        problems.add(new WorkflowDefinitionException.Problem(where, "must be a node name or a list of them"));
        return null;
    }

    private static String text(Map<String, ?> map, String field, List<WorkflowDefinitionException.Problem> problems) {
        if (map.get(field) instanceof String value && !value.isBlank()) {
            return value;
        }
        problems.add(new WorkflowDefinitionException.Problem(field, "is required"));
        return "";
    }

    private static Map<String, Object> object(Map<String, ?> map, String field,
                                              List<WorkflowDefinitionException.Problem> problems) {
        Object value = map.get(field);
        if (value instanceof Map<?, ?> m) {
            return cast(m);
        }
        if (value != null || !field.equals("state")) {
            problems.add(new WorkflowDefinitionException.Problem(field, "must be an object"));
        }
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
