package io.lalo.workflow;

import io.lalo.json.JsonRecords;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The {@link StepJournal} of one run on a thread: commits its steps and pending writes to the
 * {@link CheckpointStore} as its {@link Durability} says, refuses a state larger than the limit (the step that
 * would make it so is not stored and the run fails), and passes each step on to {@code onStep} (streaming).
 *
 * <p>The run's step {@code n} is stored as step {@code firstStep + n}; in {@code exit} mode the run's last step is
 * stored alone, as {@code firstStep}.
 */
public final class CheckpointWriter implements StepJournal {

    private final CheckpointStore store;
    private final String threadId;
    private final CompiledWorkflow workflow;
    private final int firstStep;
    private final Durability durability;
    private final Executor background;
    private final long maxStateBytes;
    private final Consumer<StepRecord> onStep;
    private final Map<String, Long> channelBytes = new HashMap<>();
    private Map<String, Object> previous;
    private Map<String, Object> measured;
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);
    private StepRecord unwritten;
    private int written;

    /**
     * @param firstStep the stored step number of the run's first step
     * @param before the state the run starts from (as stored)
     * @param background where {@code async} commits run, in order
     */
    public CheckpointWriter(CheckpointStore store, String threadId, CompiledWorkflow workflow, int firstStep,
                            Map<String, Object> before, Durability durability, Executor background,
                            long maxStateBytes, Consumer<StepRecord> onStep) {
        this.store = store;
        this.threadId = threadId;
        this.workflow = workflow;
        this.firstStep = firstStep;
        this.durability = durability;
        this.background = background;
        this.maxStateBytes = maxStateBytes;
        this.onStep = onStep;
        this.previous = new LinkedHashMap<>(before);
        this.measured = previous;
        before.forEach((channel, value) -> channelBytes.put(channel, bytes(value)));
    }

    /** A writer in {@code sync} mode without a state limit (tests, tools). */
    public CheckpointWriter(CheckpointStore store, String threadId, CompiledWorkflow workflow, int firstStep,
                            Map<String, Object> before) {
        this(store, threadId, workflow, firstStep, before, Durability.SYNC, Runnable::run, Long.MAX_VALUE,
                step -> { });
    }

    @Override
    public void taskFinished(int step, Task task, Map<String, Object> writes) {
        if (durability == Durability.SYNC) {
            store.saveTaskWrites(threadId, firstStep + step, task.id(), writes);
        } else if (durability == Durability.ASYNC) {
            later(() -> store.saveTaskWrites(threadId, firstStep + step, task.id(), writes));
        }
    }

    @Override
    public synchronized void stepFinished(StepRecord step) {
        // Outside exit mode the size is measured from the state last stored, so its changes are the checkpoint's.
        Map<String, Object> delta = checkSize(step.state());
        switch (durability) {
            case SYNC -> saveDelta(firstStep + step.step(), delta, step);
            case ASYNC -> later(() -> saveDelta(firstStep + step.step(), delta, step));
            case EXIT -> unwritten = step;
        }
        if (durability != Durability.EXIT) {
            previous = step.state();
            written++;
        }
        onStep.accept(step);
    }

    /**
     * Makes everything this run did durable before its end is recorded: waits for {@code async} commits, writes
     * the last step in {@code exit} mode. Then, for a run stopped inside its first step (an interrupt before any
     * step completed), stores where it stands, so that the input it was given is kept for the resume.
     */
    public synchronized void flush(RunResult result) {
        pending.join();
        if (unwritten != null) {
            save(firstStep, previous, unwritten);
            previous = unwritten.state();
            unwritten = null;
            written++;
        }
        if (written == 0 && result.status() == RunResult.Status.INTERRUPTED) {
            RunPosition at = result.position();
            StepRecord input = new StepRecord(-1, List.of(), Map.of(), at.state(), at.tasks(), at.waiting());
            save(firstStep, previous, input);
            written++;
        }
    }

    /** How many checkpoints this run stored (after {@link #flush}). */
    public int written() {
        return written;
    }

    private void save(int stored, Map<String, Object> before, StepRecord step) {
        store.save(threadId, workflow.definition().id(), stored, before, step.state(), step.next(), step.waiting(),
                workflow.definition().channels(), step.next().isEmpty() ? "idle" : "busy", step.nodes());
    }

    private void saveDelta(int stored, Map<String, Object> delta, StepRecord step) {
        store.saveDelta(threadId, workflow.definition().id(), stored, delta, step.state(), step.next(),
                step.waiting(), workflow.definition().channels(), step.next().isEmpty() ? "idle" : "busy",
                step.nodes());
    }

    private void later(Runnable commit) {
        pending = pending.thenRunAsync(commit, background);
    }

    /**
     * Tracks the state's size channel by channel (appends add, other writes replace), refusing too much; returns
     * the changes since the state last measured.
     */
    private Map<String, Object> checkSize(Map<String, Object> state) {
        Map<String, Object> delta = CheckpointStore.delta(measured, state, workflow.definition().channels());
        Map<String, Long> sizes = new HashMap<>(channelBytes);
        delta.forEach((channel, value) -> {
            if (value instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("$append")) {
                sizes.merge(channel, bytes(map.get("$append")), Long::sum);
            } else {
                sizes.put(channel, bytes(state.get(channel)));
            }
        });
        long total = sizes.values().stream().mapToLong(Long::longValue).sum();
        if (total > maxStateBytes) {
            throw new StateTooLargeException(total, maxStateBytes);
        }
        channelBytes.clear();
        channelBytes.putAll(sizes);
        measured = state;
        return delta;
    }

    private static long bytes(Object value) {
        return value == null ? 0 : JsonRecords.write(value).getBytes(StandardCharsets.UTF_8).length;
    }
}
