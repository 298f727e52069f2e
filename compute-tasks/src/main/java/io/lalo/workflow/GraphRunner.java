package io.lalo.workflow;

import io.lalo.lifecycle.DaemonThreads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs a compiled workflow in super-steps, as LangGraph (and Pregel) do: every task scheduled for a step runs in
 * parallel against the state as it was when the step began; when all have finished, their updates are folded
 * into the state through the channels' reducers — in {@link Task#ORDER}, so the result does not depend on which
 * thread finished first — and the edges out of those nodes (conditions evaluated on the new state, fan-outs over
 * lists in it, joins once all their sources have finished) schedule the next step. The run ends when nothing is
 * scheduled or only {@link Edge#END}; more steps than the recursion limit is an error.
 *
 * <p>Progress goes to a {@link StepJournal}: each finished task of a parallel step at once, each complete step
 * after. A step that stops on an interrupt is not complete: it is returned as the position to resume, with the
 * writes of its finished tasks, so only the interrupted task runs again — also inside a parallel branch.
 */
public final class GraphRunner {

    private final NodeExecutor executor;
    private final Executor workers;
    private final TaskDispatcher fanOut;

    /**
     * @param fanOut where sent tasks run (null: on {@code workers}, like the others)
     */
    public GraphRunner(NodeExecutor executor, Executor workers, TaskDispatcher fanOut) {
        this.executor = executor;
        this.workers = workers;
        this.fanOut = fanOut;
    }

    /** A runner without result cache or remote fan-out (tests, embedded use). */
    public GraphRunner(NodeTypes types, Executor workers) {
        this(new NodeExecutor(types, NodeResultCache.NONE,
                Executors.newCachedThreadPool(DaemonThreads.named("lalo-workflow-timed"))), workers, null);
    }

    public NodeExecutor executor() {
        return executor;
    }

    /** Runs from the entry with {@code input} folded into the channels' defaults. */
    public RunResult run(CompiledWorkflow workflow, Map<String, Object> input, Consumer<StepRecord> onStep) {
        return start(workflow, Map.of(), input, RunContext.system(""), StepJournal.of(onStep));
    }

    /**
     * Runs from the entry on an existing state (a thread's earlier runs) with {@code input} folded in through the
     * reducers; channels the state lacks start from their defaults.
     */
    public RunResult start(CompiledWorkflow workflow, Map<String, Object> existing, Map<String, Object> input,
                           RunContext context, StepJournal journal) {
        Map<String, Object> state = new LinkedHashMap<>();
        workflow.definition().channels().values().forEach(channel -> state.put(channel.name(),
                existing.containsKey(channel.name()) ? existing.get(channel.name()) : channel.initial()));
        RunPosition entry = new RunPosition(state, List.of(Task.of(workflow.definition().entry())), Map.of(), 0);
        try {
            fold(workflow, state, "input", input);
        } catch (IllegalArgumentException e) {
            return new RunResult(RunResult.Status.ERROR, state, List.of(), entry, Map.of(), null, e.getMessage());
        }
        return resume(workflow, entry, Map.of(), Map.of(), context, journal);
    }

    /**
     * Continues from {@code from}. {@code completed} holds writes of tasks of its first step that already
     * finished (they are not run again); {@code resumeValues} answers interrupted tasks (task id → value).
     */
    public RunResult resume(CompiledWorkflow workflow, RunPosition from, Map<String, Map<String, Object>> completed,
                            Map<String, Object> resumeValues, RunContext context, StepJournal journal) {
        Map<String, Object> state = new LinkedHashMap<>(from.state());
        Map<String, List<String>> waiting = new HashMap<>(from.waiting());
        List<StepRecord> steps = new ArrayList<>();
        List<Task> active = from.tasks().stream().sorted(Task.ORDER).toList();
        Map<String, Map<String, Object>> done = completed;
        int limit = workflow.definition().recursionLimit();
        for (int step = from.step(); !active.isEmpty(); step++) {
            RunPosition here = new RunPosition(Map.copyOf(nullSafe(state)), active, waiting, step);
            if (context.cancelled().getAsBoolean()) {
                return ended(RunResult.Status.ERROR, here, steps, Map.of(), null, "cancelled");
            }
            if (step >= limit) {
                return ended(RunResult.Status.ERROR, here, steps, Map.of(), null, "Recursion limit of " + limit
                        + " steps reached without hitting " + Edge.END);
            }
            Map<String, CompletableFuture<Map<String, Object>>> running = start(workflow, active, done, here.state(),
                    resumeValues, context, journal, step);
            Map<String, Map<String, Object>> updates = new LinkedHashMap<>();
            String interrupted = null;
            String prompt = null;
            String failure = null;
            for (Map.Entry<String, CompletableFuture<Map<String, Object>>> task : running.entrySet()) {
                try {
                    updates.put(task.getKey(), task.getValue().get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException wrapped
                            && wrapped.getCause() != null ? wrapped.getCause() : e.getCause();
                    if (cause instanceof Interrupt asked) {
                        if (interrupted == null) {
                            interrupted = task.getKey();
                            prompt = asked.prompt();
                        }
                    } else if (failure == null) {
                        failure = "Node '" + task.getKey() + "' failed: " + NodeExecutor.message(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ended(RunResult.Status.ERROR, here, steps, updates, null, "cancelled");
                }
            }
            if (failure != null) {
                return ended(RunResult.Status.ERROR, here, steps, updates, null, failure);
            }
            if (interrupted != null) {
                return ended(RunResult.Status.INTERRUPTED, here, steps, updates, interrupted, prompt);
            }
            Map<String, Object> after = new LinkedHashMap<>(state);
            List<Task> next;
            try {
                for (Map.Entry<String, Map<String, Object>> update : updates.entrySet()) {
                    fold(workflow, after, update.getKey(), update.getValue());
                }
                next = next(workflow, active, after, waiting);
            } catch (IllegalArgumentException | IllegalStateException e) {
                return ended(RunResult.Status.ERROR, here, steps, updates, null, e.getMessage());
            }
            StepRecord record = new StepRecord(step, List.copyOf(updates.keySet()), updates,
                    Map.copyOf(nullSafe(after)), next, Map.copyOf(waiting));
            try {
                journal.stepFinished(record);
            } catch (RuntimeException e) {
                return ended(RunResult.Status.ERROR, here, steps, updates, null, NodeExecutor.message(e));
            }
            steps.add(record);
            state = after;
            active = next;
            done = Map.of();
            resumeValues = Map.of();
        }
        return new RunResult(RunResult.Status.SUCCESS, state, steps,
                new RunPosition(Map.copyOf(nullSafe(state)), List.of(), Map.of(), from.step() + steps.size()),
                Map.of(), null, null);
    }

    private static RunResult ended(RunResult.Status status, RunPosition at, List<StepRecord> steps,
                                   Map<String, Map<String, Object>> completed, String interrupted, String message) {
        return new RunResult(status, at.state(), steps, at, Map.copyOf(completed), interrupted, message);
    }

    /**
     * Starts a step's tasks — those already done answer with their writes, sent ones go to the fan-out dispatcher
     * together, the others to the workers — in task order; a task of a parallel step journals its writes as soon
     * as it has them.
     */
    private Map<String, CompletableFuture<Map<String, Object>>> start(CompiledWorkflow workflow, List<Task> active,
            Map<String, Map<String, Object>> done, Map<String, Object> state, Map<String, Object> resumeValues,
            RunContext context, StepJournal journal, int step) {
        List<Task> dispatched = fanOut == null ? List.of() : active.stream()
                .filter(task -> task.sent() && !done.containsKey(task.id()) && !resumeValues.containsKey(task.id()))
                .toList();
        Map<String, CompletableFuture<Map<String, Object>>> remote = dispatched.isEmpty() ? Map.of()
                : fanOut.submit(workflow, dispatched, state, context);
        Map<String, CompletableFuture<Map<String, Object>>> running = new LinkedHashMap<>();
        for (Task task : active) {
            Map<String, Object> written = done.get(task.id());
            CompletableFuture<Map<String, Object>> future = written != null
                    ? CompletableFuture.completedFuture(written)
                    : remote.containsKey(task.id()) ? remote.get(task.id())
                    : executor.submit(workers, workflow, task, state, resumeValues.get(task.id()), context);
            running.put(task.id(), written != null || active.size() < 2 ? future : future.thenApply(writes -> {
                journal.taskFinished(step, task, writes);
                return writes;
            }));
        }
        return running;
    }

    /** Folds one task's updates into the state through the channels' reducers. */
    static void fold(CompiledWorkflow workflow, Map<String, Object> state, String writer,
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

    /** The tasks the finished ones lead to, in a stable order, without {@link Edge#END}. */
    static List<Task> next(CompiledWorkflow workflow, List<Task> finished, Map<String, Object> state,
                           Map<String, List<String>> waiting) {
        Set<Task> next = new LinkedHashSet<>();
        Map<String, Integer> sent = new HashMap<>();
        Map<String, Object> view = nullSafe(state);
        for (String node : finished.stream().map(Task::node).distinct().toList()) {
            for (CompiledWorkflow.Route route : workflow.routes().getOrDefault(node, List.of())) {
                if (route instanceof CompiledWorkflow.Always always) {
                    always.targets().forEach(target -> next.add(Task.of(target)));
                } else if (route instanceof CompiledWorkflow.Choose choose) {
                    next.add(Task.of(choose(choose, view)));
                } else if (route instanceof CompiledWorkflow.Fan fan) {
                    Object items = CelState.evaluate(fan.each(), view);
                    if (!(items instanceof List<?> list)) {
                        throw new IllegalStateException("the send edge from '" + node + "' must yield a list, not "
                                + (items == null ? "null" : items.getClass().getSimpleName()));
                    }
                    for (Object item : list) {
                        int index = sent.merge(fan.to(), 1, Integer::sum) - 1;
                        next.add(new Task(fan.to(), index, fan.as(), item));
                    }
                }
            }
            for (Edge.Join join : workflow.joins()) {
                if (join.from().contains(node)) {
                    String key = CompiledWorkflow.joinKey(join);
                    Set<String> seen = new LinkedHashSet<>(waiting.getOrDefault(key, List.of()));
                    seen.add(node);
                    if (seen.containsAll(join.from())) {
                        next.add(Task.of(join.to()));
                        waiting.remove(key);
                    } else {
                        waiting.put(key, List.copyOf(seen));
                    }
                }
            }
        }
        next.removeIf(task -> task.node().equals(Edge.END));
        return next.stream().sorted(Task.ORDER).toList();
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
    static Map<String, Object> nullSafe(Map<String, Object> state) {
        Map<String, Object> view = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            if (v != null) {
                view.put(k, v);
            }
        });
        return view;
    }
}
