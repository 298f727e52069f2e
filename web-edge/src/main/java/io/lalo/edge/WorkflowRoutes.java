package io.lalo.edge;

import io.lalo.edge.auth.AuthenticationHandler;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.lalo.workflow.Durability;
import io.lalo.workflow.RunContext;
import io.lalo.workflow.RunOptions;
import io.lalo.workflow.RunResult;
import io.lalo.workflow.StateTooLargeException;
import io.lalo.workflow.StepRecord;
import io.lalo.workflow.WorkflowDefinitionException;
import io.lalo.workflow.WorkflowEngine;
import io.lalo.workflow.WorkflowStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Workflows over HTTP, in LangGraph server's shape: definitions ({@code /v1/workflows}, versioned), threads
 * ({@code /v1/threads}: state, history) and runs that wait for their result ({@code /v1/threads/{id}/runs/wait},
 * which also resumes an interrupted thread with {@code {"resume": value}}). Runs execute on a worker; every step
 * is checkpointed in the grid before the next starts.
 */
public final class WorkflowRoutes {

    private static final Set<String> RUN_FIELDS = Set.of("workflow", "version", "input", "resume", "streamMode",
            "durability", "multitaskStrategy", "timeoutMs", "continue");
    private static final Set<String> STREAM_MODES = Set.of("values", "updates", "debug", "custom");

    private final Vertx vertx;
    private final Governance governance;
    private final WorkflowEngine engine;

    WorkflowRoutes(Vertx vertx, Governance governance, WorkflowEngine engine) {
        this.vertx = vertx;
        this.governance = governance;
        this.engine = engine;
    }

    void mount(Router router) {
        router.post("/v1/workflows").handler(PolicyEnforcement.require(governance, "workflow.define",
                ctx -> Resource.of("workflow", "*"))).handler(this::define);
        router.get("/v1/workflows").handler(PolicyEnforcement.require(governance, "workflow.read",
                ctx -> Resource.of("workflow", "*"))).handler(this::list);
        router.get("/v1/workflows/:id").handler(PolicyEnforcement.require(governance, "workflow.read",
                ctx -> Resource.of("workflow", ctx.pathParam("id")))).handler(this::get);
        router.get("/v1/workflows/:id/versions").handler(PolicyEnforcement.require(governance, "workflow.read",
                ctx -> Resource.of("workflow", ctx.pathParam("id")))).handler(this::versions);
        router.post("/v1/threads").handler(PolicyEnforcement.require(governance, "workflow.run",
                ctx -> Resource.of("thread", "*"))).handler(this::createThread);
        router.get("/v1/threads/:id").handler(PolicyEnforcement.require(governance, "workflow.run",
                ctx -> Resource.of("thread", ctx.pathParam("id")))).handler(this::thread);
        router.get("/v1/threads/:id/state").handler(PolicyEnforcement.require(governance, "workflow.run",
                ctx -> Resource.of("thread", ctx.pathParam("id")))).handler(this::state);
        router.post("/v1/threads/:id/state").handler(PolicyEnforcement.require(governance, "workflow.run",
                ctx -> Resource.of("thread", ctx.pathParam("id")))).handler(this::updateState);
        router.get("/v1/threads/:id/history").handler(PolicyEnforcement.require(governance, "workflow.run",
                ctx -> Resource.of("thread", ctx.pathParam("id")))).handler(this::history);
        router.post("/v1/threads/:id/runs/wait").handler(PolicyEnforcement.require(governance, "workflow.run",
                ctx -> Resource.of("thread", ctx.pathParam("id")))).handler(ctx -> run(ctx, false, false));
        router.post("/v1/threads/:id/runs/stream").handler(PolicyEnforcement.require(governance, "workflow.run",
                ctx -> Resource.of("thread", ctx.pathParam("id")))).handler(ctx -> run(ctx, true, false));
        router.post("/v1/threads/:id/runs").handler(PolicyEnforcement.require(governance, "workflow.run",
                ctx -> Resource.of("thread", ctx.pathParam("id")))).handler(ctx -> run(ctx, false, true));
        router.get("/v1/threads/:id/runs/:runId").handler(PolicyEnforcement.require(governance, "workflow.run",
                ctx -> Resource.of("thread", ctx.pathParam("id")))).handler(this::getRun);
        router.post("/v1/threads/:id/runs/:runId/cancel").handler(PolicyEnforcement.require(governance,
                "workflow.run", ctx -> Resource.of("thread", ctx.pathParam("id")))).handler(this::cancel);
    }

    private void define(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String by = AuthenticationHandler.principal(ctx).id();
        vertx.executeBlocking(() -> engine.workflows().save(body.getMap(), by), false)
                .onSuccess(version -> Responses.json(ctx, 201, version(version, false)))
                .onFailure(failure -> ctx.fail(translate(failure)));
    }

    private void list(RoutingContext ctx) {
        vertx.executeBlocking(() -> engine.workflows().list(), false)
                .onSuccess(list -> {
                    JsonArray items = new JsonArray();
                    list.forEach(version -> items.add(version(version, false)));
                    Responses.json(ctx, 200, new JsonObject().put("workflows", items));
                })
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        vertx.executeBlocking(() -> engine.workflows().get(id), false)
                .onSuccess(found -> found.ifPresentOrElse(version -> Responses.json(ctx, 200, version(version, true)),
                        () -> ctx.fail(ApiException.notFound("No workflow " + id))))
                .onFailure(ctx::fail);
    }

    private void versions(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        vertx.executeBlocking(() -> engine.workflows().versions(id), false)
                .onSuccess(list -> {
                    if (list.isEmpty()) {
                        ctx.fail(ApiException.notFound("No workflow " + id));
                        return;
                    }
                    JsonArray items = new JsonArray();
                    list.forEach(version -> items.add(version(version, false)));
                    Responses.json(ctx, 200, new JsonObject().put("versions", items));
                })
                .onFailure(ctx::fail);
    }

    private void createThread(RoutingContext ctx) {
        JsonObject body = ctx.body() == null || ctx.body().length() == 0 ? new JsonObject() : JsonBodies.object(ctx);
        JsonObject metadata = JsonBodies.optionalObject(body, "metadata");
        Principal caller = AuthenticationHandler.principal(ctx);
        vertx.executeBlocking(() -> engine.createThread(caller, metadata == null ? Map.of() : metadata.getMap()),
                        false)
                .onSuccess(thread -> Responses.json(ctx, 201, new JsonObject(thread)))
                .onFailure(ctx::fail);
    }

    private void thread(RoutingContext ctx) {
        withThread(ctx, thread -> new JsonObject(thread));
    }

    private void state(RoutingContext ctx) {
        withThread(ctx, thread -> new JsonObject().put("values", new JsonObject(engine.state(thread)))
                .put("status", thread.get("status")).put("step", thread.get("lastStep"))
                .put("next", new JsonArray(engine.next(thread)))
                .put("pendingWrites", new JsonArray(engine.pendingWrites(thread))));
    }

    private void history(RoutingContext ctx) {
        withThread(ctx, thread -> new JsonObject().put("checkpoints", new JsonArray(engine.history(thread))));
    }

    private void withThread(RoutingContext ctx, java.util.function.Function<Map<String, Object>, JsonObject> view) {
        String id = ctx.pathParam("id");
        Principal caller = AuthenticationHandler.principal(ctx);
        boolean admin = governance.hasRole(caller, "admin");
        vertx.executeBlocking(() -> engine.thread(id, caller, admin).map(view), false)
                .onSuccess(found -> found.ifPresentOrElse(json -> Responses.json(ctx, 200, json),
                        () -> ctx.fail(ApiException.notFound("No thread " + id))))
                .onFailure(ctx::fail);
    }

    /**
     * Runs (or resumes) and answers with the result, or — streaming — with server-sent events: {@code metadata},
     * then per step {@code updates} (each node's writes) and {@code values} (the state), then the result as
     * {@code result}, then {@code end}.
     */
    private void run(RoutingContext ctx, boolean stream, boolean background) {
        JsonObject body = JsonBodies.object(ctx);
        for (String field : body.fieldNames()) {
            if (!RUN_FIELDS.contains(field)) {
                throw ApiException.badRequest(field, "Unknown field '" + field + "'; expected workflow, version, "
                        + "input or resume");
            }
        }
        boolean resuming = body.containsKey("resume");
        boolean proceeding = JsonBodies.optionalBoolean(body, "continue", false);
        String workflowId = resuming ? null : JsonBodies.requiredString(body, "workflow", 64);
        int versionNumber = JsonBodies.optionalInt(body, "version", 0, 0, Integer.MAX_VALUE);
        JsonObject input = JsonBodies.optionalObject(body, "input");
        if (resuming && (body.containsKey("workflow") || input != null || proceeding)) {
            throw ApiException.badRequest("resume", "A resume carries only the value for the interrupted node");
        }
        if (proceeding && input != null) {
            throw ApiException.badRequest("continue", "A run that continues from the thread's next tasks takes no "
                    + "input; update the state first");
        }
        if (input != null && input.toBuffer().length() > engine.maxStateBytes()) {
            throw new ApiException(413, "STATE_TOO_LARGE", "The input is larger than the state a thread may hold ("
                    + engine.maxStateBytes() + " bytes, workflow.maxStateBytes)");
        }
        RunOptions options = options(body, background);
        String threadId = ctx.pathParam("id");
        Principal caller = AuthenticationHandler.principal(ctx);
        boolean admin = governance.hasRole(caller, "admin");
        Object resumeValue = body.getValue("resume");
        RunContext context = new RunContext(caller, threadId, RequestIdHandler.requestId(ctx));
        Set<String> modes = streamModes(body);
        vertx.executeBlocking(() -> {
            Map<String, Object> thread = engine.thread(threadId, caller, admin)
                    .orElseThrow(() -> ApiException.notFound("No thread " + threadId));
            Object status = thread.get("status");
            // Checked before a stream opens, so the refusal is a 409 rather than an event; the engine checks
            // again atomically when it claims the thread.
            if (resuming && !"interrupted".equals(status)) {
                throw new WorkflowEngine.ThreadStateException("the thread is " + status
                        + "; only an interrupted thread can be resumed");
            }
            if (!resuming && "interrupted".equals(status)) {
                throw new WorkflowEngine.ThreadStateException("the thread is interrupted; resume it with a value");
            }
            if ("busy".equals(status) && options.multitask() == RunOptions.Multitask.REJECT) {
                throw new WorkflowEngine.ThreadStateException("the thread is busy; it runs one run at a time "
                        + "(multitaskStrategy enqueue or interrupt would not refuse)");
            }
            if (!resuming) {
                return (versionNumber == 0 ? engine.workflows().get(workflowId)
                        : engine.workflows().get(workflowId, versionNumber))
                        .orElseThrow(() -> ApiException.notFound("No workflow " + workflowId
                                + (versionNumber == 0 ? "" : " version " + versionNumber)));
            }
            return null;
        }, false).onSuccess(version -> {
            if (background) {
                vertx.executeBlocking(() -> engine.submit(threadId, version, input == null ? Map.of()
                                : input.getMap(), plain(resumeValue), context, options), false)
                        .onSuccess(run -> {
                            ctx.response().putHeader("Location", "/v1/threads/" + threadId + "/runs/"
                                    + run.get("runId"));
                            Responses.json(ctx, 202, new JsonObject(run));
                        })
                        .onFailure(failure -> ctx.fail(failure instanceof RejectedExecutionException
                                ? new ApiException(503, "BUSY", "Too many runs are waiting; retry shortly",
                                Map.of(), Map.of("Retry-After", "2")) : translate(failure)));
                return;
            }
            SseStream events = stream ? SseStream.open(ctx) : null;
            if (events != null) {
                events.event("metadata", new JsonObject().put("threadId", threadId)
                        .put("workflow", version == null ? null : version.id()));
            }
            RunOptions streaming = events == null ? options : new RunOptions(options.durability(),
                    options.multitask(), options.timeout(), options.proceed(), step -> steps(events, step, modes),
                    modes.contains("custom") ? event -> events.event("custom", new JsonObject(event)) : event -> { });
            vertx.executeBlocking(() -> resuming
                            ? engine.resume(threadId, plain(resumeValue), context, streaming)
                            : engine.run(threadId, version, input == null ? Map.of() : input.getMap(), context,
                                    streaming), false)
                    .onSuccess(result -> {
                        if (events == null) {
                            Responses.json(ctx, 200, run(result));
                        } else {
                            events.event("result", run(result));
                            events.end();
                        }
                    })
                    .onFailure(failure -> {
                        if (events == null) {
                            ctx.fail(translate(failure));
                        } else {
                            Throwable api = translate(failure);
                            events.event("error", new JsonObject().put("message", api.getMessage()));
                            events.end();
                        }
                    });
        }).onFailure(failure -> ctx.fail(translate(failure)));
    }

    /** Durability, multitask strategy, timeout and continuation from the request; bad values are 400s. */
    private static RunOptions options(JsonObject body, boolean background) {
        Durability durability = null;
        String durabilityText = JsonBodies.optionalString(body, "durability", 8);
        if (durabilityText != null) {
            try {
                durability = Durability.parse(durabilityText);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("durability", "'durability' must be sync, async or exit");
            }
        }
        RunOptions.Multitask multitask = RunOptions.Multitask.REJECT;
        String strategy = JsonBodies.optionalString(body, "multitaskStrategy", 16);
        if (strategy != null) {
            try {
                multitask = RunOptions.Multitask.parse(strategy);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("multitaskStrategy",
                        "'multitaskStrategy' must be reject, enqueue or interrupt");
            }
        }
        if (multitask == RunOptions.Multitask.ENQUEUE && !background) {
            throw ApiException.badRequest("multitaskStrategy", "enqueue applies to background runs "
                    + "(POST /v1/threads/{id}/runs); a run that is waited for cannot wait in a queue");
        }
        int timeoutMs = JsonBodies.optionalInt(body, "timeoutMs", 0, 1, 86_400_000);
        return new RunOptions(durability, multitask, timeoutMs == 0 ? null : java.time.Duration.ofMillis(timeoutMs),
                JsonBodies.optionalBoolean(body, "continue", false), step -> { }, event -> { });
    }

    /** {@code streamMode}: one mode or a list of them (default updates). */
    private static Set<String> streamModes(JsonObject body) {
        Object value = body.getValue("streamMode");
        if (value == null) {
            return Set.of("updates");
        }
        java.util.List<?> names = value instanceof JsonArray array ? array.getList() : java.util.List.of(value);
        if (names.isEmpty() || !names.stream().allMatch(name -> name instanceof String && STREAM_MODES.contains(name))) {
            throw ApiException.badRequest("streamMode", "'streamMode' must be values, updates, debug or custom, or a "
                    + "list of them");
        }
        return Set.copyOf(names.stream().map(String::valueOf).toList());
    }

    /**
     * Updates a thread's state ({@code values}, optionally {@code asNode}); with {@code checkpoint}, forks a new
     * thread from that checkpoint first and updates the fork (201), leaving the original as it was.
     */
    private void updateState(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        for (String field : body.fieldNames()) {
            if (!Set.of("values", "asNode", "checkpoint").contains(field)) {
                throw ApiException.badRequest(field, "Unknown field '" + field + "'; expected values, asNode or "
                        + "checkpoint");
            }
        }
        JsonObject values = JsonBodies.optionalObject(body, "values");
        String asNode = JsonBodies.optionalString(body, "asNode", 64);
        boolean fork = body.containsKey("checkpoint");
        int checkpoint = JsonBodies.optionalInt(body, "checkpoint", -1, 0, Integer.MAX_VALUE);
        if (values == null && !fork) {
            throw ApiException.badRequest("values", "'values' (an object of channel: value) is required");
        }
        if (values != null && values.toBuffer().length() > engine.maxStateBytes()) {
            throw new ApiException(413, "STATE_TOO_LARGE", "The values are larger than the state a thread may hold ("
                    + engine.maxStateBytes() + " bytes, workflow.maxStateBytes)");
        }
        String threadId = ctx.pathParam("id");
        Principal caller = AuthenticationHandler.principal(ctx);
        boolean admin = governance.hasRole(caller, "admin");
        vertx.executeBlocking(() -> {
            Map<String, Object> thread = engine.thread(threadId, caller, admin)
                    .orElseThrow(() -> ApiException.notFound("No thread " + threadId));
            String target = threadId;
            JsonObject answer = new JsonObject();
            if (fork) {
                if (thread.get("version") == null) {
                    throw new WorkflowEngine.ThreadStateException("the thread has not run a workflow yet");
                }
                target = (String) engine.fork(thread, checkpoint, caller).get("threadId");
                answer.put("threadId", target).put("forkedFrom", threadId).put("checkpoint", checkpoint);
            } else {
                answer.put("threadId", threadId);
            }
            if (values != null) {
                engine.updateState(target, values.getMap(), asNode).forEach(answer::put);
            } else {
                Map<String, Object> forked = engine.thread(target, caller, true).orElseThrow();
                answer.put("step", forked.get("lastStep")).put("values", new JsonObject(engine.state(forked)));
            }
            return answer;
        }, false).onSuccess(answer -> Responses.json(ctx, fork ? 201 : 200, answer))
                .onFailure(failure -> ctx.fail(failure instanceof IllegalArgumentException
                        ? ApiException.badRequest(asNode != null && failure.getMessage().contains("is not a node")
                        ? "asNode" : fork && failure.getMessage().contains("checkpoints") ? "checkpoint" : "values",
                        failure.getMessage()) : translate(failure)));
    }

    private void getRun(RoutingContext ctx) {
        onRun(ctx, engine::run, run -> Responses.json(ctx, 200, new JsonObject(run)));
    }

    private void cancel(RoutingContext ctx) {
        String runId = ctx.pathParam("runId");
        onRun(ctx, engine::cancel, accepted -> {
            if (accepted) {
                Responses.json(ctx, 202, new JsonObject().put("runId", runId).put("cancelRequested", true));
            } else {
                ctx.fail(new ApiException(409, "RUN_ENDED", "Run " + runId + " has already ended"));
            }
        });
    }

    /** Applies {@code action} to a run of a thread the caller may see, on a worker; 404 when either is missing. */
    private <T> void onRun(RoutingContext ctx, BiFunction<String, String, Optional<T>> action, Consumer<T> answer) {
        String threadId = ctx.pathParam("id");
        String runId = ctx.pathParam("runId");
        Principal caller = AuthenticationHandler.principal(ctx);
        boolean admin = governance.hasRole(caller, "admin");
        vertx.executeBlocking(() -> engine.thread(threadId, caller, admin)
                        .flatMap(thread -> action.apply(threadId, runId)), false)
                .onSuccess(found -> found.ifPresentOrElse(answer,
                        () -> ctx.fail(ApiException.notFound("No run " + runId + " on thread " + threadId))))
                .onFailure(ctx::fail);
    }

    static void steps(SseStream events, StepRecord step, Set<String> modes) {
        if (modes.contains("updates") || modes.contains("debug")) {
            JsonObject updates = new JsonObject();
            step.updates().forEach((node, writes) -> updates.put(node, new JsonObject(writes)));
            events.event("updates", new JsonObject().put("step", step.step()).put("updates", updates));
        }
        if (modes.contains("values") || modes.contains("debug")) {
            events.event("values", new JsonObject(step.state()));
        }
        if (modes.contains("debug")) {
            events.event("debug", new JsonObject().put("step", step.step())
                    .put("nodes", new JsonArray(step.nodes())).put("next", new JsonArray(step.nextNodes())));
        }
    }

    private static Object plain(Object value) {
        if (value instanceof JsonObject object) {
            return object.getMap();
        }
        if (value instanceof JsonArray array) {
            return array.getList();
        }
        return value;
    }

    public static JsonObject run(RunResult result) {
        JsonObject json = new JsonObject().put("status", result.status().name().toLowerCase(Locale.ROOT))
                .put("values", new JsonObject(result.state())).put("steps", result.steps().size());
        if (result.status() == RunResult.Status.INTERRUPTED) {
            json.put("interrupt", new JsonObject().put("node", result.interruptedNode())
                    .put("prompt", result.message()).put("pending", new JsonArray(result.pending())));
        } else if (result.status() == RunResult.Status.ERROR) {
            json.put("error", result.message());
        }
        return json;
    }

    private static JsonObject version(WorkflowStore.Version version, boolean withDefinition) {
        JsonObject json = new JsonObject().put("id", version.id()).put("version", version.version())
                .put("createdBy", version.createdBy()).put("createdAt", version.createdAt());
        Object description = version.definition().get("description");
        json.put("description", description == null ? "" : description.toString());
        if (withDefinition) {
            json.put("definition", new JsonObject(version.definition()));
        }
        return json;
    }

    static Throwable translate(Throwable failure) {
        if (failure instanceof WorkflowDefinitionException invalid) {
            JsonArray problems = new JsonArray();
            invalid.problems().forEach(problem -> problems.add(new JsonObject().put("where", problem.where())
                    .put("message", problem.message())));
            return new ApiException(400, "INVALID_WORKFLOW", invalid.getMessage(), Map.of("problems", problems));
        }
        if (failure instanceof StateTooLargeException tooLarge) {
            return new ApiException(413, "STATE_TOO_LARGE", tooLarge.getMessage());
        }
        if (failure instanceof WorkflowEngine.ThreadStateException conflict) {
            return new ApiException(409, "THREAD_STATE", conflict.getMessage());
        }
        return failure;
    }
}
