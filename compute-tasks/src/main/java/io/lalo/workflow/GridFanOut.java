package io.lalo.workflow;

import io.lalo.governance.Principal;
import io.lalo.grid.JavaForm;
import io.lalo.grid.ReplicatedCaches;
import io.lalo.json.JsonRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cluster.ClusterTopologyException;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.lang.IgniteFuture;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * Spreads the tasks of a fan-out over the grid nodes that run the workflow engine, round robin, this node
 * included. A task travels as plain JSON (its node, item and the step's state) with the workflow's id and stored
 * version; the receiving engine compiles that version from the grid and runs the task with the caller's
 * principal. A task whose node leaves before answering runs here instead. Workflows that were never stored (built
 * in Java for one process) run their tasks here.
 */
final class GridFanOut implements TaskDispatcher {

    static final String ENGINES = "lalo_wf_engines";
    private static final long REFRESH_MILLIS = 2_000;

    private final Ignite ignite;
    private final NodeExecutor executor;
    private final Executor workers;
    private final IgniteCache<String, String> engines;
    private final AtomicInteger turn = new AtomicInteger();
    private volatile List<UUID> targets = List.of();
    private volatile long refreshedAt;

    GridFanOut(Ignite ignite, NodeExecutor executor, Executor workers) {
        this.ignite = ignite;
        this.executor = executor;
        this.workers = workers;
        this.engines = ignite.getOrCreateCache(new CacheConfiguration<String, String>(ENGINES)
                .setCacheMode(CacheMode.REPLICATED));
    }

    void register() {
        engines.put(ignite.cluster().localNode().id().toString(), ignite.name() == null ? "" : ignite.name());
    }

    void unregister() {
        engines.remove(ignite.cluster().localNode().id().toString());
    }

    @Override
    public CompletableFuture<Map<String, Object>> submit(CompiledWorkflow workflow, Task task,
                                                         Map<String, Object> state, RunContext context) {
        UUID target = workflow.version() == 0 ? null : next();
        if (target == null || target.equals(ignite.cluster().localNode().id())) {
            return local(workflow, task, state, context);
        }
        CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();
        IgniteFuture<String> remote = ignite.compute(ignite.cluster().forNodeId(target)).callAsync(
                new SentTask(workflow.definition().id(), workflow.version(), JsonRecords.write(task.toMap()),
                        JsonRecords.write(state), context.principal(), context.threadId(), context.requestId()));
        remote.listen(done -> {
            try {
                result.complete(JsonRecords.readMap(done.get()));
            } catch (ClusterTopologyException gone) {
                local(workflow, task, state, context).whenComplete((writes, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(writes);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(cause(e));
            }
        });
        return result;
    }

    private CompletableFuture<Map<String, Object>> local(CompiledWorkflow workflow, Task task,
                                                         Map<String, Object> state, RunContext context) {
        return executor.submit(workers, workflow, task, state, null, context);
    }

    /** The next live engine node, round robin; null when there is no other. */
    private UUID next() {
        long now = System.currentTimeMillis();
        if (now - refreshedAt > REFRESH_MILLIS) {
            List<UUID> live = new ArrayList<>();
            for (Object id : ReplicatedCaches.keys(ignite, ENGINES)) {
                UUID node = UUID.fromString(id.toString());
                if (ignite.cluster().node(node) != null) {
                    live.add(node);
                }
            }
            live.sort(null);
            targets = List.copyOf(live);
            refreshedAt = now;
        }
        List<UUID> live = targets;
        return live.size() < 2 ? null : live.get(Math.floorMod(turn.getAndIncrement(), live.size()));
    }

    /** The node's own failure, not Ignite's wrapping of it (an {@link Interrupt} stays an interrupt). */
    private static Throwable cause(Throwable e) {
        Throwable at = e;
        while (at.getCause() != null && at.getClass().getName().startsWith("org.apache.ignite")) {
            at = at.getCause();
        }
        return at;
    }

    /** One sent task, run by the engine of the node it arrives at; answers the task's writes as JSON. */
    static final class SentTask implements IgniteCallable<String> {
        private static final long serialVersionUID = 1L;
        private static final java.io.ObjectInputFilter PRINCIPAL = JavaForm.allowing("io.lalo.governance.Principal");

        private final String workflowId;
        private final int version;
        private final String task;
        private final String state;
        private final byte[] principal;
        private final String threadId;
        private final String requestId;

        @IgniteInstanceResource
        private transient Ignite ignite;

        SentTask(String workflowId, int version, String task, String state, Principal principal, String threadId,
                 String requestId) {
            this.workflowId = workflowId;
            this.version = version;
            this.task = task;
            this.state = state;
            this.principal = JavaForm.encode(principal);
            this.threadId = threadId;
            this.requestId = requestId;
        }

        @Override
        public String call() throws Exception {
            WorkflowNodeServices services = WorkflowNodeServices.of(ignite);
            Principal caller = JavaForm.decode(principal, Principal.class, PRINCIPAL).orElseThrow(() ->
                    new IllegalArgumentException("unreadable principal"));
            WorkflowStore.Version stored = services.workflows().get(workflowId, version).orElseThrow(() ->
                    new IllegalStateException("workflow " + workflowId + " version " + version + " is not stored"));
            CompiledWorkflow workflow = services.workflows().compiled(stored);
            Map<String, Object> writes = services.executor().execute(workflow, Task.fromMap(JsonRecords.readMap(task)),
                    JsonRecords.readMap(state), null, new RunContext(caller, threadId, requestId));
            return JsonRecords.write(writes);
        }
    }
}
