package io.lalo.workflow;

import java.util.List;
import java.util.Map;

/**
 * How a run ended: its status (LangGraph's: success, error, interrupted), the final state, the steps it took,
 * the nodes still to run (an interrupted run resumes there) and, for an error or interrupt, what happened.
 */
public record RunResult(Status status, Map<String, Object> state, List<StepRecord> steps, List<String> pending,
                        String interruptedNode, String message) {

    /** Where a run ended. */
    public enum Status { SUCCESS, ERROR, INTERRUPTED }
}
