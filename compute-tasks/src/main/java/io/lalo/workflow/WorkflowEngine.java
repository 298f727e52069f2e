package io.lalo.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lalo.config.LaloConfig;
import io.lalo.governance.Principal;
import io.lalo.grid.LaloNode;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
            AtomicInteger count = new AtomicInteger();
            workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors() * 2),
                    runnable -> {
                        Thread thread = new Thread(runnable, "lalo-workflow-" + count.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            runner = new GraphRunner(types, workers);
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
                         RunContext context, java.util.function.Consumer<StepRecord> onStep) {
        CompiledWorkflow workflow = workflows().compiled(version);
        Map<String, Object> thread = claim(threadId, version, List.of("idle", "error"));
        try {
            Map<String, Object> start = state(thread);
            int first = ((Number) thread.get("lastStep")).intValue() + 1;
            RunResult result = runner.run(workflow, start, input, context,
                    new CheckpointWriter(checkpoints, threadId, workflow, first, start).andThen(onStep));
            return finish(threadId, result);
        } catch (RuntimeException e) {
            finish(threadId, failed(e));
            throw e;
        }
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
    public RunResult resume(String threadId, Object value, RunContext context,
                            java.util.function.Consumer<StepRecord> onStep) {
        Map<String, Object> current = started(checkpoints).thread(threadId).orElseThrow(() ->
                new ThreadStateException("no thread " + threadId));
        WorkflowStore.Version version = workflows().get((String) current.get("workflow"),
                ((Number) current.get("version")).intValue()).orElseThrow(() ->
                new ThreadStateException("the thread's workflow version no longer exists"));
        Map<String, Object> thread = claim(threadId, version, List.of("interrupted"));
        try {
            CompiledWorkflow workflow = workflows().compiled(version);
            Map<String, Object> start = state(thread);
            @SuppressWarnings("unchecked")
            List<String> pending = new ArrayList<>((List<String>) thread.get("pending"));
            String node = (String) thread.get("interruptedNode");
            int first = ((Number) thread.get("lastStep")).intValue() + 1;
            RunResult result = runner.resume(workflow, start, pending, Map.of(node, value), context,
                    new CheckpointWriter(checkpoints, threadId, workflow, first, start).andThen(onStep));
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
