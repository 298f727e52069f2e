package io.lalo.edge;

import io.lalo.edge.auth.AuthenticationHandler;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.lalo.workflow.RunContext;
import io.lalo.workflow.RunResult;
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
import java.util.Set;

/**
 * Workflows over HTTP, in LangGraph server's shape: definitions ({@code /v1/workflows}, versioned), threads
 * ({@code /v1/threads}: state, history) and runs that wait for their result ({@code /v1/threads/{id}/runs/wait},
 * which also resumes an interrupted thread with {@code {"resume": value}}). Runs execute on a worker; every step
 * is checkpointed in the grid before the next starts.
 */
final class WorkflowRoutes {

    private static final Set<String> RUN_FIELDS = Set.of("workflow", "version", "input", "resume");

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
                ctx -> Resource.of("thread", ctx.pathParam("id")))).handler(this::runWait);
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
        boolean admin = isAdmin(caller);
        vertx.executeBlocking(() -> engine.thread(id, caller, admin).map(view), false)
                .onSuccess(found -> found.ifPresentOrElse(json -> Responses.json(ctx, 200, json),
                        () -> ctx.fail(ApiException.notFound("No thread " + id))))
                .onFailure(ctx::fail);
    }

    private boolean isAdmin(Principal caller) {
        return governance.roles().effectiveRoles(caller.roles()).contains("admin");
    }

    private void runWait(RoutingContext ctx) {
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
        boolean admin = isAdmin(caller);
        Object resumeValue = body.getValue("resume");
        RunContext context = new RunContext(caller, threadId, RequestIdHandler.requestId(ctx));
        vertx.executeBlocking(() -> {
            if (engine.thread(threadId, caller, admin).isEmpty()) {
                throw ApiException.notFound("No thread " + threadId);
            }
            if (resuming) {
                return engine.resume(threadId, plain(resumeValue), context);
            }
            WorkflowStore.Version version = (versionNumber == 0 ? engine.workflows().get(workflowId)
                    : engine.workflows().get(workflowId, versionNumber))
                    .orElseThrow(() -> ApiException.notFound("No workflow " + workflowId
                            + (versionNumber == 0 ? "" : " version " + versionNumber)));
            return engine.run(threadId, version, input == null ? Map.of() : input.getMap(), context);
        }, false)
                .onSuccess(result -> Responses.json(ctx, 200, run(result)))
                .onFailure(failure -> ctx.fail(translate(failure)));
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
