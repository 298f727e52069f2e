package io.lalo.edge;

import io.lalo.edge.auth.AuthenticationHandler;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.lalo.workflow.RunContext;
import io.lalo.workflow.RunResult;
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
final class WorkflowRoutes {

    private static final Set<String> RUN_FIELDS = Set.of("workflow", "version", "input", "resume", "streamMode");

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
                .put("next", thread.get("pending") == null ? new JsonArray() : new JsonArray(
                        (java.util.List<?>) thread.get("pending"))));
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
        String workflowId = resuming ? null : JsonBodies.requiredString(body, "workflow", 64);
        int versionNumber = JsonBodies.optionalInt(body, "version", 0, 0, Integer.MAX_VALUE);
        JsonObject input = JsonBodies.optionalObject(body, "input");
        if (resuming && (body.containsKey("workflow") || input != null)) {
            throw ApiException.badRequest("resume", "A resume carries only the value for the interrupted node");
        }
        String threadId = ctx.pathParam("id");
        Principal caller = AuthenticationHandler.principal(ctx);
        boolean admin = governance.hasRole(caller, "admin");
        Object resumeValue = body.getValue("resume");
        RunContext context = new RunContext(caller, threadId, RequestIdHandler.requestId(ctx));
        String mode = JsonBodies.optionalString(body, "streamMode", 16);
        if (mode != null && !Set.of("values", "updates", "debug").contains(mode)) {
            throw ApiException.badRequest("streamMode", "'streamMode' must be values, updates or debug");
        }
        vertx.executeBlocking(() -> {
            Map<String, Object> thread = engine.thread(threadId, caller, admin)
                    .orElseThrow(() -> ApiException.notFound("No thread " + threadId));
            Object status = thread.get("status");
            if (resuming != "interrupted".equals(status)) {
                // Checked before a stream opens, so the refusal is a 409 rather than an event; the engine checks
                // again atomically when it claims the thread.
                throw new WorkflowEngine.ThreadStateException("the thread is " + status + (resuming
                        ? "; only an interrupted thread can be resumed" : "; resume it with a value"));
            }
            if ("busy".equals(status)) {
                throw new WorkflowEngine.ThreadStateException("the thread is busy; it runs one run at a time");
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
                                : input.getMap(), plain(resumeValue), context), false)
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
            java.util.function.Consumer<StepRecord> onStep = events == null ? step -> { }
                    : step -> steps(events, step, mode == null ? "updates" : mode);
            vertx.executeBlocking(() -> resuming
                            ? engine.resume(threadId, plain(resumeValue), context, onStep)
                            : engine.run(threadId, version, input == null ? Map.of() : input.getMap(), context,
                                    onStep), false)
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

    static void steps(SseStream events, StepRecord step, String mode) {
        if (mode.equals("updates") || mode.equals("debug")) {
            JsonObject updates = new JsonObject();
            step.updates().forEach((node, writes) -> updates.put(node, new JsonObject(writes)));
            events.event("updates", new JsonObject().put("step", step.step()).put("updates", updates));
        }
        if (mode.equals("values") || mode.equals("debug")) {
            events.event("values", new JsonObject(step.state()));
        }
        if (mode.equals("debug")) {
            events.event("debug", new JsonObject().put("step", step.step())
                    .put("nodes", new JsonArray(step.nodes())).put("next", new JsonArray(step.next())));
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

    static JsonObject run(RunResult result) {
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
        if (failure instanceof WorkflowEngine.ThreadStateException conflict) {
            return new ApiException(409, "THREAD_STATE", conflict.getMessage());
        }
        return failure;
    }
}
