package io.lalo.workflow;

import java.util.List;
import java.util.Map;

/**
 * How a run ended: its status (LangGraph's: success, error, interrupted), the final state, the steps it took and,
 * for an error or interrupt, what happened. An interrupted run stopped inside a step: {@code position} is that
 * step, still to be completed, and {@code completed} holds the writes of its tasks that did finish, so resuming
 * runs only the interrupted task again.
 */
public record RunResult(Status status, Map<String, Object> state, List<StepRecord> steps, RunPosition position,
                        Map<String, Map<String, Object>> completed, String interruptedNode, String message) {

    /** Where a run ended. */
    public enum Status { SUCCESS, ERROR, INTERRUPTED }

    /** A run that failed before it could take a step. */
    public static RunResult failed(String message) {
        return new RunResult(Status.ERROR, Map.of(), List.of(), new RunPosition(Map.of(), List.of(), Map.of(), 0),
                Map.of(), null, message);
    }

    /** The ids of the tasks still to run. */
    public List<String> pending() {
        return position.tasks().stream().map(Task::id).toList();
    }
}
