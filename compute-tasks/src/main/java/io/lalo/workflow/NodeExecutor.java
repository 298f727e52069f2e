package io.lalo.workflow;

import io.lalo.digest.Sha256;
import io.lalo.json.JsonRecords;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one task of a step the way its node's {@link NodePolicy} says: from the result cache when an earlier run
 * saw the same input, else attempt after attempt until one succeeds, each attempt bounded by the node's timeout
 * (the attempt's thread is interrupted when it runs over). When every attempt failed, a node with
 * {@code onError: record} writes {@code {error: message}} to its output channel instead of failing the run. An
 * {@link Interrupt} is never retried: it is how a node asks for a human.
 */
public final class NodeExecutor {

    private final NodeTypes types;
    private final NodeResultCache cache;
    private final ExecutorService timed;

    /**
     * @param timed runs attempts of nodes that have a timeout (a pool of its own: an attempt waited for by a
     *              worker must not need a worker itself)
     */
    public NodeExecutor(NodeTypes types, NodeResultCache cache, ExecutorService timed) {
        this.types = types;
        this.cache = cache;
        this.timed = timed;
    }

    public Map<String, Object> execute(CompiledWorkflow workflow, Task task, Map<String, Object> state,
                                       Object resumeValue, RunContext context) throws Exception {
        NodeSpec node = workflow.nodes().get(task.node());
        if (node == null) {
            throw new IllegalStateException("the workflow has no node '" + task.node() + "'");
        }
        Map<String, Object> view = task.view(state);
        NodePolicy policy = workflow.policy(node.name());
        String key = policy.cacheTtl() == null ? null : cacheKey(workflow, node, view, context);
        if (key != null) {
            Optional<Map<String, Object>> hit = cache.get(key);
            if (hit.isPresent()) {
                return hit.get();
            }
        }
        Exception failure = null;
        for (int attempt = 1; attempt <= policy.attempts(); attempt++) {
            try {
                Map<String, Object> writes = attempt(workflow, node, view, resumeValue, context, policy);
                if (key != null) {
                    cache.put(key, writes, policy.cacheTtl());
                }
                return writes;
            } catch (Interrupt | InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failure = e;
                if (attempt < policy.attempts() && !context.cancelled().getAsBoolean()) {
                    Thread.sleep(policy.backoffAfter(attempt).toMillis());
                } else {
                    break;
                }
            }
        }
        String output = errorChannel(node);
        if ("record".equals(node.config().get("onError")) && output != null) {
            return Map.of(output, Map.of("error", message(failure)));
        }
        throw failure;
    }

    /** Runs {@link #execute} on {@code pool}, its outcome as a future. */
    public CompletableFuture<Map<String, Object>> submit(Executor pool, CompiledWorkflow workflow, Task task,
                                                         Map<String, Object> state, Object resumeValue,
                                                         RunContext context) {
        CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();
        pool.execute(() -> {
            try {
                result.complete(execute(workflow, task, state, resumeValue, context));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private Map<String, Object> attempt(CompiledWorkflow workflow, NodeSpec node, Map<String, Object> view,
                                        Object resumeValue, RunContext context, NodePolicy policy) throws Exception {
        if (policy.timeout() == null) {
            return once(workflow, node, view, resumeValue, context);
        }
        Future<Map<String, Object>> attempt = timed.submit(() -> once(workflow, node, view, resumeValue, context));
        try {
            return attempt.get(policy.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            attempt.cancel(true);
            throw new TimeoutException("timed out after " + policy.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (InterruptedException e) {
            attempt.cancel(true);
            throw e;
        }
    }

    private Map<String, Object> once(CompiledWorkflow workflow, NodeSpec node, Map<String, Object> view,
                                     Object resumeValue, RunContext context) throws Exception {
        switch (node.type()) {
            case "transform" -> {
                Map<String, Object> out = new LinkedHashMap<>();
                workflow.transforms().get(node.name()).forEach((channel, program) ->
                        out.put(channel, CelState.evaluate(program, view)));
                return out;
            }
            case "approval" -> {
                if (resumeValue == null) {
                    throw new Interrupt(node.name(), String.valueOf(node.config().getOrDefault("prompt",
                            "Approve to continue")));
                }
                Object output = node.config().get("output");
                return output == null ? Map.of() : Map.of(output.toString(), resumeValue);
            }
            default -> {
                NodeFunction function = types.function(node.type());
                if (function == null) {
                    throw new IllegalStateException("node type '" + node.type() + "' is not available on this node");
                }
                Map<String, Object> out = function.run(node, view, context);
                return out == null ? Map.of() : out;
            }
        }
    }

    /** The channel a failure is recorded in: the node's output, or its type's default output. */
    static String errorChannel(NodeSpec node) {
        Object output = node.config().get("output");
        return output != null ? output.toString() : NodeInputs.DEFAULT_OUTPUT.get(node.type());
    }

    private static String cacheKey(CompiledWorkflow workflow, NodeSpec node, Map<String, Object> view,
                                   RunContext context) {
        return Sha256.hex(String.join("\u0000", workflow.definition().id(), String.valueOf(workflow.version()),
                node.name(), context.principal().tenant() == null ? "" : context.principal().tenant(),
                context.principal().id(), JsonRecords.write(view)));
    }

    static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
