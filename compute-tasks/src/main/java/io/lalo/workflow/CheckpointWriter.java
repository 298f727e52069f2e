package io.lalo.workflow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Commits each finished step of one run to the {@link CheckpointStore} before the next step starts (durability
 * mode "sync": a step that returned is in the grid).
 */
public final class CheckpointWriter implements Consumer<StepRecord> {

    private final CheckpointStore store;
    private final String threadId;
    private final CompiledWorkflow workflow;
    private final int firstStep;
    private Map<String, Object> previous;

    /**
     * @param firstStep the stored step number of the run's first step (0 for a new thread)
     * @param before the state the run starts from
     */
    public CheckpointWriter(CheckpointStore store, String threadId, CompiledWorkflow workflow, int firstStep,
                            Map<String, Object> before) {
        this.store = store;
        this.threadId = threadId;
        this.workflow = workflow;
        this.firstStep = firstStep;
        this.previous = new LinkedHashMap<>(before);
    }

    @Override
    public void accept(StepRecord step) {
        String status = step.next().isEmpty() ? "idle" : "busy";
        store.save(threadId, workflow.definition().id(), firstStep + step.step(), previous, step.state(),
                step.next(), workflow.definition().channels(), status);
        previous = step.state();
    }
}
