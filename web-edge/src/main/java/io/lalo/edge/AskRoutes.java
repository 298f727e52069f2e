package io.lalo.edge;

import io.lalo.edge.auth.AuthenticationHandler;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.lalo.workflow.RunContext;
import io.lalo.workflow.RunResult;
import io.lalo.workflow.WorkflowEngine;
import io.lalo.workflow.WorkflowStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/ask {question}}: LALO's main job. Runs the built-in {@code ask} workflow on a new thread of the
 * caller — governance check, route to tables and/or documents, NL2SQL + governed SQL and/or RAG answer, compose —
 * every step checkpointed, and answers with the composed response, the SQL and rows, the cited passages and the
 * thread id (whose history shows each step).
 */
final class AskRoutes {

    static final int MAX_QUESTION = 2_000;

    private final Vertx vertx;
    private final Governance governance;
    private final WorkflowEngine engine;

    AskRoutes(Vertx vertx, Governance governance, WorkflowEngine engine) {
        this.vertx = vertx;
        this.governance = governance;
        this.engine = engine;
    }

    void mount(Router router) {
        router.post("/v1/ask").handler(PolicyEnforcement.require(governance, "ask",
                ctx -> Resource.of("workflow", "ask"))).handler(ctx -> ask(ctx, false));
        router.post("/v1/ask/stream").handler(PolicyEnforcement.require(governance, "ask",
                ctx -> Resource.of("workflow", "ask"))).handler(ctx -> ask(ctx, true));
    }

    /** Answers as JSON, or streams each step as server-sent {@code updates} events, then {@code result}. */
    private void ask(RoutingContext ctx, boolean stream) {
        JsonObject body = JsonBodies.object(ctx);
        String question = JsonBodies.requiredString(body, "question", MAX_QUESTION);
        Principal caller = AuthenticationHandler.principal(ctx);
        String requestId = RequestIdHandler.requestId(ctx);
        SseStream events = stream ? SseStream.open(ctx) : null;
        vertx.executeBlocking(() -> {
            WorkflowStore.Version ask = engine.workflows().get("ask")
                    .orElseThrow(() -> new ApiException(503, "UNAVAILABLE", "The ask workflow is not loaded"));
            String threadId = (String) engine.createThread(caller, Map.of("via", "/v1/ask")).get("threadId");
            if (events != null) {
                events.event("metadata", new JsonObject().put("threadId", threadId).put("workflow", "ask"));
            }
            RunResult result = engine.run(threadId, ask, Map.of("question", question),
                    new RunContext(caller, threadId, requestId),
                    events == null ? step -> { } : step -> WorkflowRoutes.steps(events, step, Set.of("updates")));
            return WorkflowRoutes.run(result).put("threadId", threadId)
                    .put("answer", result.state().get("response"));
        }, false)
                .onSuccess(json -> {
                    if (events == null) {
                        Responses.json(ctx, 200, json);
                    } else {
                        events.event("result", json);
                        events.end();
                    }
                })
                .onFailure(failure -> {
                    if (events == null) {
                        ctx.fail(WorkflowRoutes.translate(failure));
                    } else {
                        events.event("error", new JsonObject().put("message",
                                WorkflowRoutes.translate(failure).getMessage()));
                        events.end();
                    }
                });
    }
}
