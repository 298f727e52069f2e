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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The workflow component: definitions ({@link WorkflowStore}), threads and their checkpoints
 * ({@link CheckpointStore}), and runs — for now run to completion on the calling worker with every step
 * checkpointed before the next begins. A thread runs one run at a time (LangGraph's "reject" multitask strategy);
 * an interrupted thread continues only by resuming it. Threads belong to the principal and tenant that made them.
 */
public final class WorkflowEngine implements LaloComponent {

    private static final String DEFINITIONS = "/io/lalo/workflow/definitions/";

    private final LaloNode node;
    private final NodeTypes types = new NodeTypes();
    private volatile WorkflowStore workflows;
    private volatile CheckpointStore checkpoints;
    private volatile GraphRunner runner;
    private volatile ExecutorService workers;
    private volatile ThreadPoolExecutor background;
    private volatile RunStore runs;

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
            workflows = new WorkflowStore(node.ignite(), types, Clock.systemUTC());
            checkpoints = new CheckpointStore(node.ignite(), config.cluster().backups(), Clock.systemUTC());
            workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors() * 2),
                    DaemonThreads.named("lalo-workflow"));
            runner = new GraphRunner(types, workers);
            runs = new RunStore(node.ignite(), config.cluster().backups(), Clock.systemUTC());
            background = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
                    DaemonThreads.named("lalo-workflow-run"));
            loadBuiltIns();
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
        ThreadPoolExecutor runsPool = background;
        if (runsPool != null) {
            runsPool.shutdown();
        }
        ExecutorService pool = workers;
        if (pool != null) {
            pool.shutdown();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
        int last = ((Number) thread.get("lastStep")).intValue();
        return last < 0 ? Map.of() : started(checkpoints).state((String) thread.get("threadId"), last)
                .orElseThrow(() -> new IllegalStateException("the thread's checkpoints are missing"));
    }

    public List<Map<String, Object>> history(Map<String, Object> thread) {
        return started(checkpoints).history((String) thread.get("threadId"),
                ((Number) thread.get("lastStep")).intValue());
    }

    /**
     * Runs a workflow on a thread until it ends or is interrupted.
     *
     * @throws ThreadStateException when the thread is busy or interrupted (resume it instead)
     */
    public RunResult run(String threadId, WorkflowStore.Version version, Map<String, Object> input,
                         RunContext context) {
        return run(threadId, version, input, context, step -> { });
    }

    /** Like the run above, telling {@code onStep} about each step once it is checkpointed (for streaming). */
    public RunResult run(String threadId, WorkflowStore.Version version, Map<String, Object> input,
                         RunContext context, Consumer<StepRecord> onStep) {
        return execute(claimRun(threadId, version), null, input, context, onStep);
    }

    /**
     * Resumes an interrupted thread: the interrupted node runs again with {@code value}.
     *
     * @throws ThreadStateException when the thread is not interrupted
     */
    public RunResult resume(String threadId, Object value, RunContext context) {
        return resume(threadId, value, context, step -> { });
    }

    /** Like the resume above, telling {@code onStep} about each step once it is checkpointed (for streaming). */
    public RunResult resume(String threadId, Object value, RunContext context, Consumer<StepRecord> onStep) {
        return execute(claimResume(threadId), value, Map.of(), context, onStep);
    }

    /**
     * Starts a run (or, with {@code version} null, a resume) in the background and returns its record at once.
     * The thread is claimed before this returns, so a busy or interrupted thread is refused here, not later.
     *
     * @throws ThreadStateException when the thread cannot take the run now
     * @throws RejectedExecutionException when too many runs are waiting
     */
    public Map<String, Object> submit(String threadId, WorkflowStore.Version version, Map<String, Object> input,
                                      Object resumeValue, RunContext context) {
        Claim claim = version == null ? claimResume(threadId) : claimRun(threadId, version);
        String runId = UUID.randomUUID().toString();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("workflow", claim.version().id());
        fields.put("version", claim.version().version());
        fields.put("owner", context.principal().id());
        Map<String, Object> run = started(runs).create(threadId, runId, fields);
        RunContext cancellable = context.cancelledWhen(() -> runs.cancelRequested(threadId, runId));
        try {
            background.execute(() -> {
                runs.update(threadId, runId, record -> {
                    record.put("status", "running");
                    return record;
                });
                RunResult result;
                try {
                    result = execute(claim, resumeValue, input, cancellable, step -> { });
                } catch (RuntimeException e) {
                    result = failed(e);
                }
                RunResult outcome = result;
                runs.update(threadId, runId, record -> {
                    record.put("status", outcome.status().name().toLowerCase(java.util.Locale.ROOT));
                    record.put("steps", outcome.steps().size());
                    if (outcome.message() != null) {
                        record.put(outcome.status() == RunResult.Status.INTERRUPTED ? "prompt" : "error",
                                outcome.message());
                    }
                    return record;
                });
            });
        } catch (RejectedExecutionException e) {
            finish(threadId, failed(new IllegalStateException("too many runs are waiting")));
            runs.update(threadId, runId, record -> {
                record.put("status", "error");
                record.put("error", "too many runs are waiting");
                return record;
            });
            throw e;
        }
        return run;
    }

    /** A run's record, if it belongs to this thread. */
    public Optional<Map<String, Object>> run(String threadId, String runId) {
        return started(runs).get(threadId, runId);
    }

    /** Asks a pending or running run to stop before its next step; false when it has already ended. */
    public Optional<Boolean> cancel(String threadId, String runId) {
        boolean[] accepted = new boolean[1];
        Optional<Map<String, Object>> run = started(runs).update(threadId, runId, record -> {
            Object status = record.get("status");
            if (!"pending".equals(status) && !"running".equals(status)) {
                return null;
            }
            accepted[0] = true;
            record.put("cancelRequested", true);
            return record;
        });
        return run.map(ignored -> accepted[0]);
    }

    /** A thread claimed for a run: its record as claimed and the workflow version the run uses. */
    private record Claim(String threadId, Map<String, Object> thread, WorkflowStore.Version version,
                         boolean resume) {
    }

    private Claim claimRun(String threadId, WorkflowStore.Version version) {
        workflows().compiled(version);
        return new Claim(threadId, claim(threadId, version, List.of("idle", "error")), version, false);
    }

    private Claim claimResume(String threadId) {
        Map<String, Object> current = started(checkpoints).thread(threadId).orElseThrow(() ->
                new ThreadStateException("no thread " + threadId));
        if (current.get("version") == null) {
            throw new ThreadStateException("the thread is " + current.get("status")
                    + "; only an interrupted thread can be resumed");
        }
        WorkflowStore.Version version = workflows().get((String) current.get("workflow"),
                ((Number) current.get("version")).intValue()).orElseThrow(() ->
                new ThreadStateException("the thread's workflow version no longer exists"));
        return new Claim(threadId, claim(threadId, version, List.of("interrupted")), version, true);
    }

    private RunResult execute(Claim claim, Object resumeValue, Map<String, Object> input, RunContext context,
                              Consumer<StepRecord> onStep) {
        String threadId = claim.threadId();
        try {
            CompiledWorkflow workflow = workflows().compiled(claim.version());
            Map<String, Object> start = state(claim.thread());
            int first = ((Number) claim.thread().get("lastStep")).intValue() + 1;
            Consumer<StepRecord> checkpoint = new CheckpointWriter(checkpoints, threadId, workflow, first, start)
                    .andThen(onStep);
            RunResult result;
            if (claim.resume()) {
                @SuppressWarnings("unchecked")
                List<String> pending = new ArrayList<>((List<String>) claim.thread().get("pending"));
                String node = (String) claim.thread().get("interruptedNode");
                result = runner.resume(workflow, start, pending, Map.of(node, resumeValue), context, checkpoint);
            } else {
                result = runner.run(workflow, start, input, context, checkpoint);
            }
            return finish(threadId, result);
        } catch (RuntimeException e) {
            finish(threadId, failed(e));
            throw e;
        }
    }

    /** Marks the thread busy if its status is one of {@code allowed}; otherwise refuses. */
    private Map<String, Object> claim(String threadId, WorkflowStore.Version version, List<String> allowed) {
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
            return thread;
        }).orElseThrow(() -> new ThreadStateException("no thread " + threadId));
        if (refused[0] != null) {
            throw new ThreadStateException("the thread is " + refused[0] + (refused[0].equals("interrupted")
                    ? "; resume it with a value" : allowed.contains("interrupted")
                    ? "; only an interrupted thread can be resumed" : "; it runs one run at a time"));
        }
        return claimed;
    }

    private static RunResult failed(RuntimeException e) {
        return new RunResult(RunResult.Status.ERROR, Map.of(), List.of(), List.of(), null,
                e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private RunResult finish(String threadId, RunResult result) {
        checkpoints.updateThread(threadId, thread -> {
            switch (result.status()) {
                case SUCCESS -> thread.put("status", "idle");
                case INTERRUPTED -> {
                    thread.put("status", "interrupted");
                    thread.put("pending", result.pending());
                    thread.put("interruptedNode", result.interruptedNode());
                    thread.put("prompt", result.message());
                }
                case ERROR -> {
                    thread.put("status", "error");
                    thread.put("error", result.message());
                }
            }
            if (result.status() != RunResult.Status.INTERRUPTED) {
                thread.remove("pending");
                thread.remove("interruptedNode");
                thread.remove("prompt");
            }
            return thread;
        });
        return result;
    }

    private static <T> T started(T part) {
        if (part == null) {
            throw new IllegalStateException("the workflow engine is not started");
        }
        return part;
    }

    /** A run cannot start or resume in the thread's current state (HTTP 409), or the thread does not exist. */
    public static final class ThreadStateException extends RuntimeException {
        public ThreadStateException(String message) {
            super(message, null, false, false);
        }
    }
}
