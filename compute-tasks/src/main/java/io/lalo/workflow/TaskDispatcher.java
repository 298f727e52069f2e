package io.lalo.workflow;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where the tasks of a fan-out run: on this node, or spread over the nodes of the grid that run the workflow
 * engine. Only sent tasks are dispatched; the other tasks of a step run where the run runs.
 */
@FunctionalInterface
public interface TaskDispatcher {

    CompletableFuture<Map<String, Object>> submit(CompiledWorkflow workflow, Task task, Map<String, Object> state,
                                                  RunContext context);
}
