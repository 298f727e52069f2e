package io.lalo.workflow;

import io.lalo.governance.Principal;
import io.lalo.grid.JavaForm;
import io.lalo.grid.ReplicatedCaches;
import io.lalo.json.JsonRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * included. Each other node gets its share in one message: the tasks and the step's state as JSON, the workflow's
 * id and stored version, and the caller's principal in its {@link JavaForm}; the receiving engine compiles that
 * version from the grid, runs the tasks in parallel on its workers with the caller's rights, and answers each
 * task's writes (or failure, or interrupt). A share whose node leaves before answering runs here instead.
 * Workflows that were never stored (built in Java for one process) run their tasks here.
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
    public Map<String, CompletableFuture<Map<String, Object>>> submit(CompiledWorkflow workflow, List<Task> tasks,
                                                                      Map<String, Object> state,
                                                                      RunContext context) {
        List<UUID> live = workflow.version() == 0 ? List.of() : live();
        UUID self = ignite.cluster().localNode().id();
        Map<UUID, List<Task>> shares = new LinkedHashMap<>();
        int first = turn.getAndAdd(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            UUID target = live.size() < 2 ? self : live.get(Math.floorMod(first + i, live.size()));
            shares.computeIfAbsent(target, t -> new ArrayList<>()).add(tasks.get(i));
        }
        Map<String, CompletableFuture<Map<String, Object>>> futures = new LinkedHashMap<>();
        tasks.forEach(task -> futures.put(task.id(), new CompletableFuture<>()));
        String stateJson = null;
        for (Map.Entry<UUID, List<Task>> share : shares.entrySet()) {
            if (share.getKey().equals(self)) {
                local(workflow, share.getValue(), state, context, futures);
                continue;
            }
            if (stateJson == null) {
                stateJson = JsonRecords.write(state);
            }
            List<Map<String, Object>> sent = share.getValue().stream().map(Task::toMap).toList();
            IgniteFuture<String> answer = ignite.compute(ignite.cluster().forNodeId(share.getKey())).callAsync(
                    new SentTasks(workflow.definition().id(), workflow.version(), JsonRecords.write(sent), stateJson,
                            context.principal(), context.threadId(), context.requestId()));
            // Heard on a worker, not on Ignite's thread: journaling a task's writes is a blocking grid operation.
            answer.listenAsync(done -> {
                try {
                    complete(JsonRecords.readMap(done.get()), futures);
                } catch (ClusterTopologyException gone) {
                    local(workflow, share.getValue(), state, context, futures);
                } catch (RuntimeException e) {
                    share.getValue().forEach(task -> futures.get(task.id()).completeExceptionally(e));
                }
            }, workers);
        }
        return futures;
    }

    private void local(CompiledWorkflow workflow, List<Task> tasks, Map<String, Object> state, RunContext context,
                       Map<String, CompletableFuture<Map<String, Object>>> futures) {
        for (Task task : tasks) {
            executor.submit(workers, workflow, task, state, null, context).whenComplete((writes, failure) -> {
                if (failure != null) {
                    futures.get(task.id()).completeExceptionally(failure);
                } else {
                    futures.get(task.id()).complete(writes);
                }
            });
        }
    }

    /** Completes each task's future from a node's answer: {@code {taskId: {writes} | {error} | {interrupt}}}. */
    @SuppressWarnings("unchecked")
    private static void complete(Map<String, Object> answer, Map<String, CompletableFuture<Map<String, Object>>> futures) {
        answer.forEach((taskId, outcome) -> {
            Map<String, Object> result = (Map<String, Object>) outcome;
            CompletableFuture<Map<String, Object>> future = futures.get(taskId);
            if (result.containsKey("writes")) {
                future.complete((Map<String, Object>) result.get("writes"));
            } else if (result.containsKey("interrupt")) {
                future.completeExceptionally(new Interrupt(String.valueOf(result.get("node")),
                        String.valueOf(result.get("interrupt"))));
            } else {
                future.completeExceptionally(new IllegalStateException(String.valueOf(result.get("error"))));
            }
        });
    }

    /** The live engine nodes, refreshed every two seconds. */
    private List<UUID> live() {
        long now = System.currentTimeMillis();
        if (now - refreshedAt > REFRESH_MILLIS) {
            List<UUID> found = new ArrayList<>();
            for (Object id : ReplicatedCaches.keys(ignite, ENGINES)) {
                UUID node = UUID.fromString(id.toString());
                if (ignite.cluster().node(node) != null) {
                    found.add(node);
                }
            }
            found.sort(null);
            targets = List.copyOf(found);
            refreshedAt = now;
        }
        return targets;
    }

    /** A node's share of a fan-out, run by the engine of the node it arrives at. */
    static final class SentTasks implements IgniteCallable<String> {
        private static final long serialVersionUID = 1L;
        private static final java.io.ObjectInputFilter PRINCIPAL = JavaForm.allowing("io.lalo.governance.Principal");

        private final String workflowId;
        private final int version;
        private final String tasks;
        private final String state;
        private final byte[] principal;
        private final String threadId;
        private final String requestId;

        @IgniteInstanceResource
        private transient Ignite ignite;

        SentTasks(String workflowId, int version, String tasks, String state, Principal principal, String threadId,
                  String requestId) {
            this.workflowId = workflowId;
            this.version = version;
            this.tasks = tasks;
            this.state = state;
            this.principal = JavaForm.encode(principal);
            this.threadId = threadId;
            this.requestId = requestId;
        }

        @Override
        public String call() {
            WorkflowNodeServices services = WorkflowNodeServices.of(ignite);
            Principal caller = JavaForm.decode(principal, Principal.class, PRINCIPAL).orElseThrow(() ->
                    new IllegalArgumentException("unreadable principal"));
            WorkflowStore.Version stored = services.workflows().get(workflowId, version).orElseThrow(() ->
                    new IllegalStateException("workflow " + workflowId + " version " + version + " is not stored"));
            CompiledWorkflow workflow = services.workflows().compiled(stored);
            @SuppressWarnings("unchecked")
            Map<String, Object> step = (Map<String, Object>) CelState.normalise(JsonRecords.readMap(state));
            RunContext context = new RunContext(caller, threadId, requestId);
            Map<String, CompletableFuture<Map<String, Object>>> running = new LinkedHashMap<>();
            for (Object item : JsonRecords.read(tasks, List.class)) {
                @SuppressWarnings("unchecked")
                Task task = Task.fromMap((Map<String, Object>) CelState.normalise(item));
                running.put(task.id(), services.executor().submit(services.workers(), workflow, task, step, null,
                        context));
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            running.forEach((taskId, future) -> {
                Map<String, Object> outcome = new LinkedHashMap<>();
                try {
                    outcome.put("writes", future.join());
                } catch (java.util.concurrent.CompletionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (cause instanceof Interrupt interrupt) {
                        outcome.put("interrupt", interrupt.prompt());
                        outcome.put("node", interrupt.node());
                    } else {
                        outcome.put("error", NodeExecutor.message(cause));
                    }
                }
                answer.put(taskId, outcome);
            });
            return JsonRecords.write(answer);
        }
    }
}
