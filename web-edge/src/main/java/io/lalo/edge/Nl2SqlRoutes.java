package io.lalo.edge;

import io.lalo.edge.auth.AuthenticationHandler;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.lalo.sql.SqlLayer;
import io.lalo.sql.nl2sql.FeedbackLog;
import io.lalo.sql.nl2sql.Nl2SqlAnswer;
import io.lalo.sql.nl2sql.VerifiedExamples;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * NL2SQL over HTTP. {@code POST /v1/nl2sql {question, execute, maxRows}} answers with validated, authorized SQL,
 * an explanation, a confidence, the tables and the source — or a clarification with candidate readings — and with
 * {@code execute} the governed result. Verified examples ({@code /v1/nl2sql/examples}, admins write) and feedback
 * ({@code /v1/nl2sql/feedback}) complete the loop. Translation and execution run on a worker.
 */
public final class Nl2SqlRoutes {

    public static final int MAX_QUESTION = 2_000;
    private static final int MAX_COMMENT = 4_000;

    private final Vertx vertx;
    private final Governance governance;
    private final SqlLayer sql;

    Nl2SqlRoutes(Vertx vertx, Governance governance, SqlLayer sql) {
        this.vertx = vertx;
        this.governance = governance;
        this.sql = sql;
    }

    void mount(Router router) {
        router.post("/v1/nl2sql").handler(PolicyEnforcement.require(governance, "nl2sql.translate",
                ctx -> Resource.of("nl2sql", "question"))).handler(this::answer);
        router.post("/v1/nl2sql/examples").handler(PolicyEnforcement.require(governance, "nl2sql.examples.write",
                ctx -> Resource.of("nl2sql", "examples"))).handler(this::addExample);
        router.get("/v1/nl2sql/examples").handler(PolicyEnforcement.require(governance, "nl2sql.examples.read",
                ctx -> Resource.of("nl2sql", "examples"))).handler(this::listExamples);
        router.delete("/v1/nl2sql/examples/:id").handler(PolicyEnforcement.require(governance,
                "nl2sql.examples.write", ctx -> Resource.of("nl2sql", "examples"))).handler(this::removeExample);
        router.post("/v1/nl2sql/feedback").handler(PolicyEnforcement.require(governance, "nl2sql.feedback",
                ctx -> Resource.of("nl2sql", "feedback"))).handler(this::addFeedback);
        router.get("/v1/nl2sql/feedback").handler(PolicyEnforcement.require(governance, "nl2sql.feedback.read",
                ctx -> Resource.of("nl2sql", "feedback"))).handler(this::listFeedback);
    }

    private void answer(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String question = JsonBodies.requiredString(body, "question", MAX_QUESTION);
        boolean execute = JsonBodies.optionalBoolean(body, "execute", false);
        int maxRows = JsonBodies.optionalInt(body, "maxRows", 1_000, 1, SqlRoutes.MAX_ROWS);
        Principal caller = AuthenticationHandler.principal(ctx);
        String requestId = RequestIdHandler.requestId(ctx);
        vertx.executeBlocking(() -> sql.nl2sql().answer(caller, question, execute, maxRows, requestId), false)
                .onSuccess(answer -> Responses.json(ctx, 200, json(answer)))
                .onFailure(failure -> ctx.fail(SqlRoutes.translate(failure)));
    }

    public static JsonObject json(Nl2SqlAnswer answer) {
        JsonObject json = new JsonObject();
        if (answer.sql() == null) {
            return json.put("clarification", answer.clarification())
                    .put("candidates", new JsonArray(answer.candidates()));
        }
        json.put("sql", answer.sql())
                .put("explanation", answer.explanation())
                .put("confidence", answer.confidence())
                .put("tables", new JsonArray(answer.tables().stream().sorted().toList()))
                .put("source", answer.source());
        if (answer.result() != null) {
            json.put("result", SqlRoutes.json(answer.result()));
        }
        return json;
    }

    private void addExample(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String question = JsonBodies.requiredString(body, "question", MAX_QUESTION);
        String statement = JsonBodies.requiredString(body, "sql", SqlRoutes.MAX_SQL);
        String createdBy = AuthenticationHandler.principal(ctx).id();
        vertx.executeBlocking(() -> {
            sql.nl2sql().checkExample(statement);
            return sql.nl2sql().examples().add(question, statement, createdBy);
        }, false)
                .onSuccess(example -> Responses.json(ctx, 201, example(example)))
                .onFailure(failure -> ctx.fail(SqlRoutes.translate(failure)));
    }

    private void listExamples(RoutingContext ctx) {
        vertx.executeBlocking(() -> sql.nl2sql().examples().list(), false)
                .onSuccess(list -> {
                    JsonArray items = new JsonArray();
                    list.forEach(example -> items.add(example(example)));
                    Responses.json(ctx, 200, new JsonObject().put("examples", items));
                })
                .onFailure(ctx::fail);
    }

    private void removeExample(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        vertx.executeBlocking(() -> sql.nl2sql().examples().remove(id), false)
                .onSuccess(removed -> {
                    if (removed) {
                        ctx.response().setStatusCode(204).end();
                    } else {
                        ctx.fail(ApiException.notFound("No NL2SQL example " + id));
                    }
                })
                .onFailure(ctx::fail);
    }

    private void addFeedback(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String question = JsonBodies.requiredString(body, "question", MAX_QUESTION);
        String statement = JsonBodies.optionalString(body, "sql", SqlRoutes.MAX_SQL);
        Object verdict = body.getValue("correct");
        if (verdict != null && !(verdict instanceof Boolean)) {
            throw ApiException.badRequest("correct", "'correct' must be true or false");
        }
        String comment = JsonBodies.optionalString(body, "comment", MAX_COMMENT);
        String corrected = JsonBodies.optionalString(body, "correctedSql", SqlRoutes.MAX_SQL);
        if (verdict == null && (comment == null || comment.isBlank()) && corrected == null) {
            throw ApiException.badRequest("correct", "Say whether the answer was correct, or comment on it");
        }
        String principal = AuthenticationHandler.principal(ctx).id();
        vertx.executeBlocking(() -> sql.nl2sql().feedback().record(principal, question, statement,
                        (Boolean) verdict, comment, corrected), false)
                .onSuccess(entry -> Responses.json(ctx, 201, feedback(entry)))
                .onFailure(ctx::fail);
    }

    private void listFeedback(RoutingContext ctx) {
        int limit = QueryParams.integer(ctx, "limit", 100, 1, 1_000);
        vertx.executeBlocking(() -> sql.nl2sql().feedback().recent(limit), false)
                .onSuccess(list -> {
                    JsonArray items = new JsonArray();
                    list.forEach(entry -> items.add(feedback(entry)));
                    Responses.json(ctx, 200, new JsonObject().put("feedback", items));
                })
                .onFailure(ctx::fail);
    }

    private static JsonObject example(VerifiedExamples.Example example) {
        return new JsonObject().put("id", example.id()).put("question", example.question()).put("sql", example.sql())
                .put("createdBy", example.createdBy()).put("createdAt", example.createdAt().toString());
    }

    private static JsonObject feedback(FeedbackLog.Feedback entry) {
        return new JsonObject().put("id", entry.id()).put("principal", entry.principal())
                .put("question", entry.question()).put("sql", entry.sql()).put("correct", entry.correct())
                .put("comment", entry.comment()).put("correctedSql", entry.correctedSql())
                .put("at", entry.at().toString());
    }
}
