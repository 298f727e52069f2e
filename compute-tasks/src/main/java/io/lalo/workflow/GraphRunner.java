package io.lalo.workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a compiled workflow in super-steps, as LangGraph (and Pregel) do: every node scheduled for a step runs in
 * parallel against the state as it was when the step began; when all have finished, their updates are folded
 * into the state through the channels' reducers — in node-name order, so the result does not depend on which
 * thread finished first — and the edges out of those nodes (conditions evaluated on the new state, joins once
 * all their sources have finished) schedule the next step. The run ends when nothing is scheduled or only
 * {@link Edge#END}; more steps than the recursion limit is an error.
 */
public final class GraphRunner {

    private final NodeTypes types;
    private final ExecutorService workers;

    public GraphRunner(NodeTypes types, ExecutorService workers) {
        this.types = types;
        this.workers = workers;
    }

    /** Runs from the entry with {@code input} folded into the channels' defaults. */
    public RunResult run(CompiledWorkflow workflow, Map<String, Object> input, Consumer<StepRecord> onStep) {
        return run(workflow, Map.of(), input, RunContext.system(""), onStep);
    }

    /**
     * Runs from the entry on an existing state (a thread's earlier runs) with {@code input} folded in through the
     * reducers; channels the state lacks start from their defaults.
     */
    public RunResult run(CompiledWorkflow workflow, Map<String, Object> existing, Map<String, Object> input,
                         RunContext context, Consumer<StepRecord> onStep) {
        Map<String, Object> state = new LinkedHashMap<>();
        workflow.definition().channels().values().forEach(channel -> state.put(channel.name(),
                existing.containsKey(channel.name()) ? existing.get(channel.name()) : channel.initial()));
        try {
            fold(workflow, state, "input", input);
        } catch (IllegalArgumentException e) {
            return new RunResult(RunResult.Status.ERROR, state, List.of(), List.of(), null, e.getMessage());
        }
        return resume(workflow, state, List.of(workflow.definition().entry()), Map.of(), context, onStep);
    }

    /**
     * Continues from {@code state} with {@code scheduled} nodes; {@code resumeValues} answers interrupted nodes
     * (node → value).
     */
    public RunResult resume(CompiledWorkflow workflow, Map<String, Object> start, List<String> scheduled,
                            Map<String, Object> resumeValues, RunContext context, Consumer<StepRecord> onStep) {
        Map<String, Object> state = new LinkedHashMap<>(start);
        List<StepRecord> steps = new ArrayList<>();
        Map<Edge.Join, Set<String>> waiting = new HashMap<>();
        List<String> active = new ArrayList<>(scheduled);
        int limit = workflow.definition().recursionLimit();
        for (int step = 0; !active.isEmpty(); step++) {
            if (context.cancelled().getAsBoolean()) {
                return new RunResult(RunResult.Status.ERROR, state, steps, active, null, "cancelled");
            }
            if (step >= limit) {
                return new RunResult(RunResult.Status.ERROR, state, steps, active, null, "Recursion limit of "
                        + limit + " steps reached without hitting " + Edge.END);
            }
            Map<String, Object> snapshot = Map.copyOf(nullSafe(state));
            Map<String, Future<Map<String, Object>>> running = new TreeMap<>();
            for (String name : active) {
                NodeSpec node = workflow.nodes().get(name);
                Object resumeValue = resumeValues.get(name);
                running.put(name, workers.submit(() -> execute(workflow, node, snapshot, resumeValue, context)));
            }
            Map<String, Map<String, Object>> updates = new TreeMap<>();
            Interrupt interrupt = null;
            String failure = null;
            for (Map.Entry<String, Future<Map<String, Object>>> task : running.entrySet()) {
                try {
                    updates.put(task.getKey(), task.getValue().get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Interrupt asked && interrupt == null) {
                        interrupt = asked;
                    } else if (failure == null) {
                        failure = "Node '" + task.getKey() + "' failed: " + message(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new RunResult(RunResult.Status.ERROR, state, steps, active, null, "cancelled");
                }
            }
            try {
                for (Map.Entry<String, Map<String, Object>> update : updates.entrySet()) {
                    fold(workflow, state, update.getKey(), update.getValue());
                }
            } catch (IllegalArgumentException e) {
                failure = e.getMessage();
            }
            if (failure != null) {
                return new RunResult(RunResult.Status.ERROR, state, steps, active, null, failure);
            }
            if (interrupt != null) {
                List<String> pending = active.stream().filter(name -> !updates.containsKey(name)).toList();
                StepRecord record = new StepRecord(step, List.copyOf(updates.keySet()), updates,
                        Map.copyOf(nullSafe(state)), pending);
                steps.add(record);
                onStep.accept(record);
                return new RunResult(RunResult.Status.INTERRUPTED, state, steps, pending, interrupt.node(),
                        interrupt.prompt());
            }
            List<String> next;
            try {
                next = next(workflow, List.copyOf(updates.keySet()), state, waiting);
            } catch (IllegalStateException e) {
                return new RunResult(RunResult.Status.ERROR, state, steps, List.of(), null, e.getMessage());
            }
            StepRecord record = new StepRecord(step, List.copyOf(updates.keySet()), updates,
                    Map.copyOf(nullSafe(state)), next);
            steps.add(record);
            onStep.accept(record);
            active = next;
            resumeValues = Map.of();
        }
        return new RunResult(RunResult.Status.SUCCESS, state, steps, List.of(), null, null);
    }

    private Map<String, Object> execute(CompiledWorkflow workflow, NodeSpec node, Map<String, Object> state,
                                        Object resumeValue, RunContext context) throws Exception {
        switch (node.type()) {
            case "transform" -> {
                Map<String, Object> out = new LinkedHashMap<>();
                workflow.transforms().get(node.name()).forEach((channel, program) ->
                        out.put(channel, CelState.evaluate(program, state)));
                return out;
            }
            case "approval" -> {
                if (resumeValue == null) {
                    throw new Interrupt(node.name(), String.valueOf(node.config().getOrDefault("prompt",
                            "Approve to continue")));
                }
                Object output = node.config().get("output");
                return output == null ? Map.of() : Map.of(output.toString(), resumeValue);
            }
            default -> {
                NodeFunction function = types.function(node.type());
                if (function == null) {
                    throw new IllegalStateException("node type '" + node.type() + "' is not available on this node");
                }
                Map<String, Object> out = function.run(node, state, context);
                return out == null ? Map.of() : out;
            }
        }
    }

    /** Folds one node's updates into the state through the channels' reducers. */
    private static void fold(CompiledWorkflow workflow, Map<String, Object> state, String writer,
                             Map<String, Object> updates) {
        for (Map.Entry<String, Object> update : updates.entrySet()) {
            Channel channel = workflow.definition().channels().get(update.getKey());
            if (channel == null) {
                throw new IllegalArgumentException("'" + writer + "' wrote to unknown state channel '"
                        + update.getKey() + "'");
            }
            try {
                state.put(channel.name(), channel.reducer().reduce(state.get(channel.name()), update.getValue()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + writer + "' wrote to '" + channel.name() + "': "
                        + e.getMessage());
            }
        }
    }

    /** The nodes the finished ones lead to, in a stable order, without {@link Edge#END}. */
    private static List<String> next(CompiledWorkflow workflow, List<String> finished, Map<String, Object> state,
                                     Map<Edge.Join, Set<String>> waiting) {
        Set<String> next = new LinkedHashSet<>();
        Map<String, Object> view = nullSafe(state);
        for (String node : finished) {
            for (CompiledWorkflow.Route route : workflow.routes().getOrDefault(node, List.of())) {
                if (route instanceof CompiledWorkflow.Always always) {
                    next.addAll(always.targets());
                } else if (route instanceof CompiledWorkflow.Choose choose) {
                    next.add(choose(choose, view));
                }
            }
            for (Edge.Join join : workflow.joins()) {
                if (join.from().contains(node)) {
                    Set<String> seen = waiting.computeIfAbsent(join, j -> new HashSet<>());
                    seen.add(node);
                    if (seen.containsAll(join.from())) {
                        next.add(join.to());
                        waiting.remove(join);
                    }
                }
            }
        }
        next.remove(Edge.END);
        return List.copyOf(next);
    }

    private static String choose(CompiledWorkflow.Choose choose, Map<String, Object> state) {
        for (int i = 0; i < choose.conditions().size(); i++) {
            Object holds = CelState.evaluate(choose.conditions().get(i), state);
            if (Boolean.TRUE.equals(holds)) {
                return choose.targets().get(i);
            }
        }
        return choose.otherwise();
    }

    /** CEL maps cannot hold null: absent values are left out of what expressions see. */
    private static Map<String, Object> nullSafe(Map<String, Object> state) {
        Map<String, Object> view = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            if (v != null) {
                view.put(k, v);
            }
        });
        return view;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
