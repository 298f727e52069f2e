package io.lalo.workflow;

import java.util.List;
import java.util.Map;

/**
 * Where a run stands between super-steps — everything needed to go on from there, on any node: the state, the
 * tasks of the next step, which joins have seen which of their sources, and how many steps the run has taken
 * (the recursion limit counts from the run's start, also across a resume or a recovery).
 */
public record RunPosition(Map<String, Object> state, List<Task> tasks, Map<String, List<String>> waiting,
                          int step) {

    public RunPosition {
        tasks = List.copyOf(tasks);
        waiting = Map.copyOf(waiting);
    }
}
