package io.lalo.workflow;

import java.util.List;
import java.util.Map;

/**
 * What one super-step did: the tasks that ran (ids), each task's updates, the state after the updates were reduced
 * in, the tasks scheduled next and the joins' progress. The material for checkpoints and for streaming in the
 * {@code updates}, {@code values} and {@code debug} modes.
 */
public record StepRecord(int step, List<String> nodes, Map<String, Map<String, Object>> updates,
                         Map<String, Object> state, List<Task> next, Map<String, List<String>> waiting) {

    /** The names of the nodes scheduled next, each once. */
    public List<String> nextNodes() {
        return next.stream().map(Task::node).distinct().toList();
    }
}
