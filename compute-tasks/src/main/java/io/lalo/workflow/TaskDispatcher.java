package io.lalo.workflow;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where the tasks of a fan-out run: on this node, or spread over the nodes of the grid that run the workflow
 * engine. Only sent tasks are dispatched, all of a step's at once (so a node receiving several gets them in one
 * message, with the step's state once); the other tasks of a step run where the run runs.
 */
@FunctionalInterface
public interface TaskDispatcher {

    /** Starts the tasks; the answer holds each task's outcome by task id. */
    Map<String, CompletableFuture<Map<String, Object>>> submit(CompiledWorkflow workflow, List<Task> tasks,
                                                               Map<String, Object> state, RunContext context);
}
