package io.lalo.workflow;

import java.util.Map;

/**
 * Where a run's progress goes as it is made. A step's record is committed once the step is complete; before
 * that, the writes of each task that finished are committed on their own ("pending writes"), so a run that
 * resumes the step — after its node died, or after an interrupt in a parallel branch — does not run those tasks
 * again. Steps are numbered from the run's start.
 */
public interface StepJournal {

    /** Commits the writes of one finished task of step {@code step}, before the step is complete. */
    default void taskFinished(int step, Task task, Map<String, Object> writes) {
    }

    /** Commits a complete step (its checkpoint); its pending writes are no longer needed. */
    void stepFinished(StepRecord step);

    /** A journal that keeps nothing (the run is not durable) and tells {@code onStep} of each step. */
    static StepJournal of(java.util.function.Consumer<StepRecord> onStep) {
        return onStep::accept;
    }
}
