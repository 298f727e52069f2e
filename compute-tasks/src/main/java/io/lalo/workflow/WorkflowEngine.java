package io.lalo.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lalo.config.LaloConfig;
import io.lalo.governance.Principal;
import io.lalo.grid.LaloNode;
import io.lalo.lifecycle.DaemonThreads;
import io.lalo.lifecycle.LaloComponent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow component: definitions ({@link WorkflowStore}), threads and their checkpoints
 * ({@link CheckpointStore}), and runs. Every run — waited for, streamed or in the background — has a record in
 * the grid ({@link RunStore}) saying what it was asked to do, and a lease ({@link RunLeases}) this node renews
 * while it runs it. When a node dies, another node takes its lapsed leases over and carries the runs on from
 * their last checkpoint, with the pending writes of tasks that had finished: those tasks do not run again. A
 * thread runs one run at a time; a run finding it busy is refused, queued, or stops the running one (LangGraph's
 * multitask strategies). Tasks of a fan-out spread over the engines of the cluster ({@link GridFanOut}).
 * Threads belong to the principal and tenant that made them.
 */
public final class WorkflowEngine implements LaloComponent {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowEngine.class);
    private static final String DEFINITIONS = "/io/lalo/workflow/definitions/";

    private final LaloNode node;
    private final NodeTypes types = new NodeTypes();
    private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
    private volatile WorkflowStore workflows;
    private volatile CheckpointStore checkpoints;
    private volatile GraphRunner runner;
    private volatile ExecutorService workers;
    private volatile ExecutorService timed;
    private volatile ExecutorService commits;
    private volatile ExecutorService nested;
    private volatile ThreadPoolExecutor background;
    private volatile ScheduledExecutorService scheduler;
    private volatile RunStore runs;
    private volatile RunLeases leases;
    private volatile GridFanOut fanOut;
    private volatile LaloConfig.Workflow settings;

    public WorkflowEngine(LaloNode node) {
        this.node = node;
    }

    @Override
    public String name() {
        return "workflow";
    }

    @Override
    public CompletableFuture<Void> startAsync() {
        return LaloComponent.runOnOwnThread("lalo-workflow-start", () -> {
            LaloConfig config = node.config();
            settings = config.workflow();
            int backups = config.cluster().backups();
            workflows = new WorkflowStore(node.ignite(), types, Clock.systemUTC());
            checkpoints = new CheckpointStore(node.ignite(), backups, Clock.systemUTC());
            runs = new RunStore(node.ignite(), backups, Clock.systemUTC());
            leases = new RunLeases(node.ignite(), backups, Clock.systemUTC(), settings.leaseTimeout());
            workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors() * 2),
                    DaemonThreads.named("lalo-workflow"));
            timed = Executors.newCachedThreadPool(DaemonThreads.named("lalo-workflow-timed"));
            commits = Executors.newSingleThreadExecutor(DaemonThreads.named("lalo-workflow-commit"));
            if (types.function("llm.chat") == null) {
                types.register("llm.chat", new LlmChatNode(io.lalo.llm.OpenAiEndpoint.of(settings.llm())));
            }
            NodeExecutor executor = new NodeExecutor(types, new GridNodeResultCache(node.ignite()), timed);
            fanOut = new GridFanOut(node.ignite(), executor, workers);
            runner = new GraphRunner(executor, workers, fanOut);
            nested = Executors.newCachedThreadPool(DaemonThreads.named("lalo-workflow-subgraph"));
            if (types.function("subgraph") == null) {
                types.register("subgraph", new SubgraphNode(workflows, new GraphRunner(executor, nested, fanOut)));
            }
            background = new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
                    DaemonThreads.named("lalo-workflow-run"));
            new WorkflowNodeServices(workflows, executor, workers).register(node.ignite());
            fanOut.register();
            loadBuiltIns();
            long period = Math.max(500, settings.leaseTimeout().toMillis() / 5);
            scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lalo-workflow-leases"));
            scheduler.scheduleWithFixedDelay(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(this::recoverOrphans, period / 2, period, TimeUnit.MILLISECONDS);
        });
    }

    /** Saves the shipped workflows ({@code config/workflows}) that the cluster does not have yet. */
    private void loadBuiltIns() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (String name : resource("INDEX").split("\n")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> definition = yaml.readValue(resource(name.strip()), Map.class);
                if (workflows.get(String.valueOf(definition.get("id"))).isEmpty()) {
                    workflows.save(definition, "system");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the built-in workflow " + name, e);
            }
        }
    }

    private static String resource(String name) {
        try (InputStream in = WorkflowEngine.class.getResourceAsStream(DEFINITIONS + name)) {
            if (in == null) {
                throw new IllegalStateException(DEFINITIONS + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CompletableFuture<Void> stopAsync() {
        types.closeAll();
        ScheduledExecutorService leaseKeeper = scheduler;
        if (leaseKeeper != null) {
            leaseKeeper.shutdownNow();
        }
        try {
            if (fanOut != null) {
                fanOut.unregister();
                WorkflowNodeServices.unregister(node.ignite());
            }
        } catch (RuntimeException e) {
            LOG.debug("could not unregister the workflow engine (the node is stopping)", e);
        }
        for (ExecutorService pool : new ExecutorService[] {background, workers, timed, commits, nested}) {
            if (pool != null) {
                pool.shutdown();
            }
        }
        try {
            if (workers != null) {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Node types: register custom Java nodes here. */
    public NodeTypes types() {
        return types;
    }

    public WorkflowStore workflows() {
        return started(workflows);
    }

    /** A thread's record, if it exists and belongs to the caller's tenant and id (admins see every thread). */
    public Optional<Map<String, Object>> thread(String threadId, Principal caller, boolean admin) {
        return started(checkpoints).thread(threadId).filter(thread -> admin || owns(thread, caller));
    }

    private static boolean owns(Map<String, Object> thread, Principal caller) {
        return caller.id().equals(thread.get("owner")) && caller.tenant().equals(thread.get("tenant"));
    }

    public Map<String, Object> createThread(Principal owner, Map<String, Object> metadata) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("owner", owner.id());
        fields.put("tenant", owner.tenant());
        fields.put("metadata", metadata);
        started(checkpoints).createThread(id, fields);
        return checkpoints.thread(id).orElseThrow();
    }

    /** The state after the thread's last step (empty map for a thread that never ran). */
    public Map<String, Object> state(Map<String, Object> thread) {
        int last = lastStep(thread);
        return last < 0 ? Map.of() : started(checkpoints).state((String) thread.get("threadId"), last)
                .orElseThrow(() -> new IllegalStateException("the thread's checkpoints are missing"));
    }

    public List<Map<String, Object>> history(Map<String, Object> thread) {
        return started(checkpoints).history((String) thread.get("threadId"), lastStep(thread));
    }

    /** What the thread runs next: the interrupted step's tasks, else those its last checkpoint scheduled. */
    @SuppressWarnings("unchecked")
    public List<String> next(Map<String, Object> thread) {
        if (thread.get("pending") instanceof List<?> pending) {
            return (List<String>) pending;
        }
        int last = lastStep(thread);
        return last < 0 ? List.of() : started(checkpoints).nextTasks((String) thread.get("threadId"), last).stream()
                .map(Task::id).toList();
    }

    /**
     * The tasks of the thread's next step whose writes are already committed — those a run carrying the thread on
     * (after its node died) will not run again.
     */
    public List<String> pendingWrites(Map<String, Object> thread) {
        String threadId = (String) thread.get("threadId");
        int next = lastStep(thread) + 1;
        List<Task> tasks = started(checkpoints).nextTasks(threadId, next - 1);
        return tasks.size() < 2 ? List.of() : List.copyOf(checkpoints.taskWrites(threadId, next, tasks).keySet());
    }

    /** The largest state a thread may hold, in bytes of its JSON form. */
    public long maxStateBytes() {
        return started(settings).maxStateBytes();
    }

    /**
     * Runs a workflow on a thread until it ends or is interrupted.
     *
     * @throws ThreadStateException when the thread is busy or interrupted (resume it instead)
     */
    public RunResult run(String threadId, WorkflowStore.Version version, Map<String, Object> input,
                         RunContext context) {
        return run(threadId, version, input, context, RunOptions.defaults());
    }

    /** Like the run above, telling {@code onStep} about each step once it is checkpointed (for streaming). */
    public RunResult run(String threadId, WorkflowStore.Version version, Map<String, Object> input,
                         RunContext context, Consumer<StepRecord> onStep) {
        return run(threadId, version, input, context, RunOptions.defaults().onStep(onStep));
    }

    /** Runs with options: durability, multitask strategy, timeout, listeners. */
    public RunResult run(String threadId, WorkflowStore.Version version, Map<String, Object> input,
                         RunContext context, RunOptions options) {
        Started run = begin(threadId, version, input, null, false, context, options, false);
        return run.execute();
    }

    /**
     * Resumes an interrupted thread: the interrupted task runs again with {@code value}; tasks of its step that
     * had finished are not run again.
     *
     * @throws ThreadStateException when the thread is not interrupted
     */
    public RunResult resume(String threadId, Object value, RunContext context) {
        return resume(threadId, value, context, RunOptions.defaults());
    }

    /** Like the resume above, telling {@code onStep} about each step once it is checkpointed (for streaming). */
    public RunResult resume(String threadId, Object value, RunContext context, Consumer<StepRecord> onStep) {
        return resume(threadId, value, context, RunOptions.defaults().onStep(onStep));
    }

    public RunResult resume(String threadId, Object value, RunContext context, RunOptions options) {
        return begin(threadId, null, Map.of(), value, true, context, options, false).execute();
    }

    /**
     * Starts a run (or, with {@code version} null, a resume) in the background and returns its record at once.
     * The thread is claimed before this returns, so a busy or interrupted thread is refused here, not later —
     * unless the multitask strategy queues the run or stops the running one.
     *
     * @throws ThreadStateException when the thread cannot take the run now
     * @throws RejectedExecutionException when too many runs are waiting
     */
    public Map<String, Object> submit(String threadId, WorkflowStore.Version version, Map<String, Object> input,
                                      Object resumeValue, RunContext context) {
        return submit(threadId, version, input, resumeValue, context, RunOptions.defaults());
    }

    public Map<String, Object> submit(String threadId, WorkflowStore.Version version, Map<String, Object> input,
                                      Object resumeValue, RunContext context, RunOptions options) {
        Started run = begin(threadId, version, input, resumeValue, version == null, context, options, true);
        if (run.queued()) {
            return run.record();
        }
        try {
            background.execute(run::execute);
        } catch (RejectedExecutionException e) {
            run.abandon("too many runs are waiting");
            throw e;
        }
        return run.record();
    }

    /**
     * Changes a thread's state between runs, as node {@code asNode} would (null: as an edit from outside):
     * {@code values} fold in through the channels' reducers into a new checkpoint. Written as a node, the edges
     * out of that node schedule what a run that {@code proceed}s runs next, and an interrupt is abandoned;
     * an edit leaves an interrupted thread interrupted.
     *
     * @return the new checkpoint: step, values, next
     * @throws ThreadStateException when the thread is busy or never ran a workflow
     * @throws IllegalArgumentException when {@code asNode} is not a node or a value does not fit its channel
     */
    public Map<String, Object> updateState(String threadId, Map<String, Object> values, String asNode) {
        Map<String, Object> current = started(checkpoints).thread(threadId).orElseThrow(() ->
                new ThreadStateException("no thread " + threadId));
        if (current.get("version") == null) {
            throw new ThreadStateException("the thread has not run a workflow yet; there is no state to update");
        }
        WorkflowStore.Version version = workflows().get((String) current.get("workflow"),
                ((Number) current.get("version")).intValue()).orElseThrow(() ->
                new ThreadStateException("the thread's workflow version no longer exists"));
        CompiledWorkflow workflow = workflows().compiled(version);
        if (asNode != null && !workflow.nodes().containsKey(asNode)) {
            throw new IllegalArgumentException("'" + asNode + "' is not a node of workflow " + version.id());
        }
        String updateId = "update-" + UUID.randomUUID();
        Map<String, Object> thread = claim(threadId, version, List.of("idle", "error", "interrupted"), updateId);
        String before = String.valueOf(current.get("status"));
        boolean staysInterrupted = "interrupted".equals(before) && asNode == null;
        try {
            int last = lastStep(thread);
            Map<String, Object> state = state(thread);
            Map<String, Object> after = new LinkedHashMap<>(state);
            GraphRunner.fold(workflow, after, asNode == null ? "update" : asNode, values);
            RunPosition position = last < 0 ? new RunPosition(state, List.of(), Map.of(), 0)
                    : checkpoints.position(threadId, last, 0).orElseThrow();
            Map<String, List<String>> waiting = new java.util.HashMap<>(position.waiting());
            List<Task> next = asNode == null ? position.tasks()
                    : GraphRunner.next(workflow, List.of(Task.of(asNode)), after, waiting);
            StepRecord step = new StepRecord(0, asNode == null ? List.of() : List.of(asNode),
                    Map.of(asNode == null ? "update" : asNode, values), after, next, waiting);
            new CheckpointWriter(checkpoints, threadId, workflow, last + 1, state, Durability.SYNC, Runnable::run,
                    settings.maxStateBytes(), ignored -> { }).stepFinished(step);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("step", last + 1);
            out.put("values", after);
            out.put("next", step.nextNodes());
            return out;
        } finally {
            checkpoints.updateThread(threadId, record -> {
                record.remove("runId");
                record.put("status", staysInterrupted ? "interrupted" : "error".equals(before) && asNode == null
                        ? "error" : "idle");
                if (!staysInterrupted) {
                    for (String field : List.of("pending", "pendingTasks", "waiting", "completed",
                            "interruptedNode", "prompt")) {
                        record.remove(field);
                    }
                }
                return record;
            });
        }
    }

    /**
     * A new thread for {@code owner} that starts from checkpoint {@code step} of another: its state and the tasks
     * it had scheduled (run them with a run that proceeds) — time travel without touching the original.
     *
     * @throws IllegalArgumentException when the thread has no such checkpoint
     */
    public Map<String, Object> fork(Map<String, Object> source, int step, Principal owner) {
        String sourceId = (String) source.get("threadId");
        if (step < 0 || step > lastStep(source)) {
            throw new IllegalArgumentException("thread " + sourceId + " has checkpoints 0 to " + lastStep(source)
                    + ", not " + step);
        }
        RunPosition at = checkpoints.position(sourceId, step, 0).orElseThrow(() ->
                new IllegalArgumentException("checkpoint " + step + " of thread " + sourceId + " is missing"));
        WorkflowStore.Version version = workflows().get((String) source.get("workflow"),
                ((Number) source.get("version")).intValue()).orElseThrow(() ->
                new ThreadStateException("the thread's workflow version no longer exists"));
        CompiledWorkflow workflow = workflows().compiled(version);
        Map<String, Object> thread = createThread(owner, Map.of("forkedFrom", sourceId, "checkpoint", step));
        String id = (String) thread.get("threadId");
        checkpoints.save(id, version.id(), 0, Map.of(), at.state(), at.tasks(), at.waiting(),
                workflow.definition().channels(), "idle", List.of());
        return checkpoints.updateThread(id, record -> {
            record.put("version", version.version());
            return record;
        }).orElseThrow();
    }

    /** A run's record, if it belongs to this thread. */
    public Optional<Map<String, Object>> run(String threadId, String runId) {
        return started(runs).get(threadId, runId).map(WorkflowEngine::visible);
    }

    /** The record as callers see it: what the run was asked, without the principal's attributes. */
    private static Map<String, Object> visible(Map<String, Object> run) {
        Map<String, Object> out = new LinkedHashMap<>(run);
        out.remove("principal");
        out.remove("resumeValue");
        return out;
    }

    /**
     * Asks a pending or running run to stop before its next step (a queued run is dropped); false when it has
     * already ended. A run on another node hears of it within a fifth of the lease timeout.
     */
    public Optional<Boolean> cancel(String threadId, String runId) {
        boolean[] accepted = new boolean[1];
        Optional<Map<String, Object>> run = started(runs).update(threadId, runId, record -> {
            Object status = record.get("status");
            if (!"pending".equals(status) && !"running".equals(status)) {
                return null;
            }
            accepted[0] = true;
            record.put("cancelRequested", true);
            if (Boolean.TRUE.equals(record.get("queued"))) {
                record.put("status", "interrupted");
                record.put("error", "cancelled");
                record.remove("queued");
            }
            return record;
        });
        if (accepted[0]) {
            ActiveRun local = active.get(runId);
            if (local != null) {
                local.stop("cancelled");
            }
            dequeue(threadId, runId);
        }
        return run.map(ignored -> accepted[0]);
    }

    /** A run claimed on its thread, ready to execute here (or queued behind another). */
    private record Started(WorkflowEngine engine, RunSpec spec, RunContext context, RunOptions options,
                           Map<String, Object> record, boolean queued) {
        RunResult execute() {
            return engine.execute(spec, context, options, false, !"running".equals(record.get("status")));
        }

        void abandon(String reason) {
            engine.finish(spec, RunResult.failed(reason), null);
        }
    }

    private Started begin(String threadId, WorkflowStore.Version version, Map<String, Object> input,
                          Object resumeValue, boolean resume, RunContext context, RunOptions options,
                          boolean backgroundRun) {
        Map<String, Object> current = started(checkpoints).thread(threadId).orElseThrow(() ->
                new ThreadStateException("no thread " + threadId));
        if (resume) {
            version = resumeVersion(current);
        }
        workflows().compiled(version);
        Durability durability = options.durability() != null ? options.durability()
                : Durability.parse(settings.durability());
        long deadline = options.timeout() == null ? 0 : System.currentTimeMillis() + options.timeout().toMillis();
        RunSpec spec = new RunSpec(UUID.randomUUID().toString(), threadId, version.id(), version.version(),
                context.principal(), context.requestId(), input, resume, resumeValue, options.proceed() && !resume,
                durability, 0, deadline);
        if ("busy".equals(current.get("status")) || current.get("queue") instanceof List<?> q && !q.isEmpty()) {
            if (options.multitask() == RunOptions.Multitask.ENQUEUE && backgroundRun && !resume) {
                Optional<Map<String, Object>> queued = enqueue(spec);
                if (queued.isPresent()) {
                    return new Started(this, spec, context, options, queued.get(), true);
                }
            } else if (options.multitask() == RunOptions.Multitask.INTERRUPT && !resume) {
                stopCurrent(threadId);
            }
        }
        Map<String, Object> thread = claim(threadId, version, resume ? List.of("interrupted")
                : List.of("idle", "error"), spec.runId());
        spec = spec.startingAt(lastStep(thread) + 1);
        Map<String, Object> fields = spec.toMap();
        fields.put("status", backgroundRun ? "pending" : "running");
        fields.put("node", node.ignite().cluster().localNode().id().toString());
        Map<String, Object> record = runs.create(threadId, spec.runId(), fields);
        leases.acquire(spec.runId(), threadId);
        return new Started(this, spec, context, options, visible(record), false);
    }

    /** Queues a run behind the thread's current one; empty when the thread became free meanwhile. */
    private Optional<Map<String, Object>> enqueue(RunSpec spec) {
        boolean[] queued = new boolean[1];
        Map<String, Object> fields = spec.toMap();
        fields.put("queued", true);
        Map<String, Object> record = runs.create(spec.threadId(), spec.runId(), fields);
        checkpoints.updateThread(spec.threadId(), thread -> {
            if (!"busy".equals(thread.get("status"))) {
                return null;
            }
            List<Object> queue = new ArrayList<>(thread.get("queue") instanceof List<?> q ? q : List.of());
            queue.add(spec.runId());
            thread.put("queue", queue);
            queued[0] = true;
            return thread;
        });
        if (!queued[0]) {
            runs.remove(spec.threadId(), spec.runId());
            return Optional.empty();
        }
        return Optional.of(visible(record));
    }

    private void dequeue(String threadId, String runId) {
        checkpoints.updateThread(threadId, thread -> {
            if (!(thread.get("queue") instanceof List<?> queue) || !queue.contains(runId)) {
                return null;
            }
            List<Object> rest = new ArrayList<>(queue);
            rest.remove(runId);
            thread.put("queue", rest);
            return thread;
        });
    }

    /** Stops the thread's running run (multitask "interrupt") and waits until the thread is free. */
    private void stopCurrent(String threadId) {
        Map<String, Object> thread = checkpoints.thread(threadId).orElseThrow();
        if (thread.get("runId") instanceof String runId) {
            runs.update(threadId, runId, record -> {
                record.put("cancelRequested", true);
                record.put("interruptedBy", "a newer run");
                return record;
            });
            ActiveRun local = active.get(runId);
            if (local != null) {
                local.stop("interrupted by a newer run");
            }
        }
        long until = System.currentTimeMillis() + settings.leaseTimeout().toMillis() * 2;
        while (System.currentTimeMillis() < until) {
            Object status = checkpoints.thread(threadId).map(t -> t.get("status")).orElse(null);
            if (!"busy".equals(status)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new ThreadStateException("the thread's running run did not stop in time");
    }

    private WorkflowStore.Version resumeVersion(Map<String, Object> thread) {
        if (thread.get("version") == null || !"interrupted".equals(thread.get("status"))) {
            throw new ThreadStateException("the thread is " + thread.get("status")
                    + "; only an interrupted thread can be resumed");
        }
        return workflows().get((String) thread.get("workflow"), ((Number) thread.get("version")).intValue())
                .orElseThrow(() -> new ThreadStateException("the thread's workflow version no longer exists"));
    }

    /**
     * Carries a run out here: from its start, from an interrupt, or — recovering — from its last checkpoint.
     * {@code markRunning}: the record still says pending (a background, queued or recovered run); a run waited
     * for was recorded running when it began.
     */
    private RunResult execute(RunSpec spec, RunContext given, RunOptions options, boolean recovering,
                              boolean markRunning) {
        String threadId = spec.threadId();
        ActiveRun run = active.computeIfAbsent(spec.runId(), id -> new ActiveRun(threadId));
        RunContext context = given.cancelledWhen(() -> run.stopped() != null || given.cancelled().getAsBoolean()
                        || (spec.deadline() > 0 && System.currentTimeMillis() > spec.deadline()))
                .withEvents(options.onEvent());
        RunResult result;
        try {
            if (markRunning) {
                runs.update(threadId, spec.runId(), record -> {
                    if ("running".equals(record.get("status"))) {
                        return null;
                    }
                    record.put("status", "running");
                    return record;
                });
            }
            CompiledWorkflow workflow = workflows().compiled(workflows().get(spec.workflow(), spec.version())
                    .orElseThrow(() -> new IllegalStateException("workflow " + spec.workflow() + " version "
                            + spec.version() + " no longer exists")));
            Map<String, Object> thread = checkpoints.thread(threadId).orElseThrow();
            int last = lastStep(thread);
            Map<String, Object> start = state(thread);
            CheckpointWriter writer = new CheckpointWriter(checkpoints, threadId, workflow, spec.firstStep(), start,
                    spec.durability(), commits, settings.maxStateBytes(), options.onStep());
            if (recovering && last >= spec.firstStep()) {
                RunPosition at = checkpoints.position(threadId, last, last + 1 - spec.firstStep()).orElseThrow();
                Map<String, Map<String, Object>> completed = checkpoints.taskWrites(threadId, last + 1, at.tasks());
                LOG.info("Resuming run {} of thread {} at step {} ({} finished task(s) not run again)",
                        spec.runId(), threadId, last + 1, completed.size());
                result = runner.resume(workflow, at, completed, Map.of(), context, writer);
            } else if (spec.proceed()) {
                RunPosition at = last < 0 ? new RunPosition(start, List.of(), Map.of(), 0)
                        : checkpoints.position(threadId, last, 0).orElseThrow();
                result = runner.resume(workflow, at, Map.of(), Map.of(), context, writer);
            } else if (spec.resume()) {
                result = runner.resume(workflow, interruptedAt(thread, start), completedAt(thread),
                        Map.of((String) thread.get("interruptedNode"), spec.resumeValue()), context, writer);
            } else {
                result = runner.start(workflow, start, spec.input(), context, writer);
            }
            writer.flush(result);
        } catch (RuntimeException e) {
            LOG.warn("Run {} of thread {} failed", spec.runId(), threadId, e);
            result = RunResult.failed(NodeExecutor.message(e));
        }
        return finish(spec, result, run);
    }

    @SuppressWarnings("unchecked")
    private static RunPosition interruptedAt(Map<String, Object> thread, Map<String, Object> state) {
        List<Task> tasks = ((List<Map<String, Object>>) thread.getOrDefault("pendingTasks", List.of())).stream()
                .map(Task::fromMap).toList();
        return new RunPosition(state, tasks, (Map<String, List<String>>) thread.getOrDefault("waiting", Map.of()),
                0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> completedAt(Map<String, Object> thread) {
        return (Map<String, Map<String, Object>>) thread.getOrDefault("completed", Map.of());
    }

    /**
     * Records how a run ended on its thread and run record, lets its lease go, and starts the next queued run.
     * A run this node lost to another (its lease was taken over) records nothing.
     */
    private RunResult finish(RunSpec spec, RunResult result, ActiveRun run) {
        String threadId = spec.threadId();
        if (run != null && run.lost()) {
            active.remove(spec.runId());
            return result;
        }
        String stopped = run == null ? null : run.stopped();
        boolean timedOut = result.status() == RunResult.Status.ERROR && "cancelled".equals(result.message())
                && spec.deadline() > 0 && System.currentTimeMillis() > spec.deadline();
        boolean cancelled = result.status() == RunResult.Status.ERROR && "cancelled".equals(result.message())
                && !timedOut;
        String[] next = new String[1];
        checkpoints.updateThread(threadId, thread -> {
            if (!spec.runId().equals(thread.get("runId"))) {
                return null;
            }
            switch (result.status()) {
                case SUCCESS -> thread.put("status", "idle");
                case INTERRUPTED -> {
                    thread.put("status", "interrupted");
                    thread.put("pending", result.pending());
                    thread.put("pendingTasks", result.position().tasks().stream().map(Task::toMap).toList());
                    thread.put("waiting", result.position().waiting());
                    thread.put("completed", result.completed());
                    thread.put("interruptedNode", result.interruptedNode());
                    thread.put("prompt", result.message());
                }
                case ERROR -> {
                    thread.put("status", cancelled || timedOut ? "idle" : "error");
                    if (!cancelled && !timedOut) {
                        thread.put("error", result.message());
                    }
                }
            }
            if (result.status() != RunResult.Status.INTERRUPTED) {
                for (String field : List.of("pending", "pendingTasks", "waiting", "completed", "interruptedNode",
                        "prompt")) {
                    thread.remove(field);
                }
            }
            if (result.status() != RunResult.Status.ERROR || cancelled || timedOut) {
                thread.remove("error");
            }
            thread.remove("runId");
            if (thread.get("queue") instanceof List<?> queue && !queue.isEmpty()) {
                next[0] = (String) queue.get(0);
                thread.put("queue", new ArrayList<>(queue.subList(1, queue.size())));
            }
            return thread;
        });
        runs.update(threadId, spec.runId(), record -> {
            String status = timedOut ? "timeout" : cancelled ? "interrupted"
                    : result.status().name().toLowerCase(Locale.ROOT);
            record.put("status", status);
            record.put("steps", result.steps().size());
            if (result.status() == RunResult.Status.INTERRUPTED) {
                record.put("prompt", result.message());
            } else if (result.message() != null) {
                record.put("error", cancelled && stopped != null ? stopped : result.message());
            }
            return record;
        });
        leases.release(spec.runId());
        active.remove(spec.runId());
        if (next[0] != null) {
            startQueued(threadId, next[0]);
        }
        return result;
    }

    /** Starts a queued run now that its thread is free (in the background, where it was asked for). */
    private void startQueued(String threadId, String runId) {
        Optional<Map<String, Object>> record = runs.get(threadId, runId);
        if (record.isEmpty() || !"pending".equals(record.get().get("status"))) {
            return;
        }
        RunSpec queued = RunSpec.fromMap(record.get());
        try {
            WorkflowStore.Version version = workflows().get(queued.workflow(), queued.version()).orElseThrow();
            Map<String, Object> thread = claim(threadId, version, List.of("idle", "error"), runId);
            RunSpec spec = queued.startingAt(lastStep(thread) + 1);
            runs.update(threadId, runId, fields -> {
                fields.remove("queued");
                fields.put("firstStep", spec.firstStep());
                fields.put("node", node.ignite().cluster().localNode().id().toString());
                return fields;
            });
            leases.acquire(runId, threadId);
            RunContext context = new RunContext(spec.principal(), threadId, spec.requestId());
            background.execute(() -> execute(spec, context, RunOptions.defaults(), false, true));
        } catch (RuntimeException e) {
            LOG.warn("Queued run {} of thread {} could not start", runId, threadId, e);
            runs.update(threadId, runId, fields -> {
                fields.put("status", "error");
                fields.put("error", "could not start: " + NodeExecutor.message(e));
                return fields;
            });
        }
    }

    /** Renews this node's leases, and hears of cancel requests made on other nodes. */
    private void heartbeat() {
        try {
            List<String> lost = leases.renew(List.copyOf(active.keySet()));
            for (String runId : lost) {
                ActiveRun run = active.get(runId);
                if (run != null) {
                    run.lose();
                }
            }
            active.forEach((runId, run) -> {
                if (run.stopped() == null && runs.cancelRequested(run.threadId(), runId)) {
                    run.stop("cancelled");
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("lease renewal failed", e);
        }
    }

    /** Takes over runs whose node died (or stopped renewing) and carries them on here. */
    private void recoverOrphans() {
        try {
            for (RunLeases.Lease lease : leases.orphaned()) {
                if (active.containsKey(lease.runId()) || !leases.takeOver(lease.runId())) {
                    continue;
                }
                Optional<Map<String, Object>> record = runs.get(lease.threadId(), lease.runId());
                Object status = record.map(r -> r.get("status")).orElse(null);
                if (!"running".equals(status) && !"pending".equals(status)) {
                    leases.release(lease.runId());
                    continue;
                }
                RunSpec spec = RunSpec.fromMap(record.get());
                Object claimedBy = checkpoints.thread(spec.threadId()).map(t -> t.get("runId")).orElse(null);
                if ("running".equals(status) && !spec.runId().equals(claimedBy)) {
                    runs.update(spec.threadId(), spec.runId(), fields -> {
                        fields.put("status", "error");
                        fields.put("error", "its node left after the thread had moved on");
                        return fields;
                    });
                    leases.release(spec.runId());
                    continue;
                }
                LOG.info("Taking over run {} of thread {} from a node that left", spec.runId(), spec.threadId());
                runs.update(spec.threadId(), spec.runId(), fields -> {
                    fields.put("node", node.ignite().cluster().localNode().id().toString());
                    fields.put("recoveries", ((Number) fields.getOrDefault("recoveries", 0)).intValue() + 1);
                    return fields;
                });
                active.put(spec.runId(), new ActiveRun(spec.threadId()));
                RunContext context = new RunContext(spec.principal(), spec.threadId(), spec.requestId());
                background.execute(() -> execute(spec, context, RunOptions.defaults(), true, true));
            }
        } catch (RuntimeException e) {
            LOG.debug("looking for orphaned runs failed", e);
        }
    }

    /** Marks the thread busy with run {@code runId} if its status is one of {@code allowed}; otherwise refuses. */
    private Map<String, Object> claim(String threadId, WorkflowStore.Version version, List<String> allowed,
                                      String runId) {
        String[] refused = new String[1];
        Map<String, Object> claimed = started(checkpoints).updateThread(threadId, thread -> {
            Object status = thread.get("status");
            if (!allowed.contains(status)) {
                refused[0] = String.valueOf(status);
                return null;
            }
            thread.put("status", "busy");
            thread.put("workflow", version.id());
            thread.put("version", version.version());
            thread.put("runId", runId);
            return thread;
        }).orElseThrow(() -> new ThreadStateException("no thread " + threadId));
        if (refused[0] != null) {
            throw new ThreadStateException("the thread is " + refused[0] + (refused[0].equals("interrupted")
                    ? "; resume it with a value" : allowed.contains("interrupted")
                    ? "; only an interrupted thread can be resumed" : "; it runs one run at a time"));
        }
        return claimed;
    }

    private static int lastStep(Map<String, Object> thread) {
        return ((Number) thread.get("lastStep")).intValue();
    }

    private static <T> T started(T part) {
        if (part == null) {
            throw new IllegalStateException("the workflow engine is not started");
        }
        return part;
    }

    /** A run executing on this node: why it was asked to stop, if it was, and whether another node took it. */
    private static final class ActiveRun {
        private final String threadId;
        private volatile String stopped;
        private volatile boolean lost;

        ActiveRun(String threadId) {
            this.threadId = threadId;
        }

        String threadId() {
            return threadId;
        }

        void stop(String reason) {
            stopped = reason;
        }

        String stopped() {
            return stopped;
        }

        void lose() {
            lost = true;
            stopped = "taken over by another node";
        }

        boolean lost() {
            return lost;
        }
    }

    /** A run cannot start or resume in the thread's current state (HTTP 409), or the thread does not exist. */
    public static final class ThreadStateException extends RuntimeException {
        public ThreadStateException(String message) {
            super(message, null, false, false);
        }
    }
}
