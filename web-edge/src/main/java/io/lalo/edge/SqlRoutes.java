package io.lalo.edge;

import io.lalo.edge.auth.AuthenticationHandler;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.lalo.sql.SqlLayer;
import io.lalo.sql.execute.SqlExecutionException;
import io.lalo.sql.execute.SqlForbiddenException;
import io.lalo.sql.execute.SqlRequest;
import io.lalo.sql.execute.SqlResult;
import io.lalo.sql.validate.SqlValidationException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/sql {sql, params, maxRows, timeoutMs}}: one statement, validated, governed, audited and run on a
 * worker. Answers columns, types and rows as JSON, CSV with {@code Accept: text/csv}, or NDJSON streamed row by
 * row with {@code Accept: application/x-ndjson} (for large results; row cap up to {@value #MAX_STREAMED_ROWS}).
 * Repeated queries are answered from the grid's result cache unless the body says {@code "cache": false}.
 * Validation errors are 400 with line and column; a refusal is 403 naming the policy; a statement Ignite rejects at
 * run time is 400; a timeout is 408. Nothing runs unless every check passed.
 */
public final class SqlRoutes {

    public static final int MAX_SQL = 100_000;
    static final int MAX_PARAMS = 1_000;
    static final int MAX_ROWS = 100_000;
    static final int MAX_STREAMED_ROWS = 10_000_000;

    private final Vertx vertx;
    private final Governance governance;
    private final SqlLayer sql;

    SqlRoutes(Vertx vertx, Governance governance, SqlLayer sql) {
        this.vertx = vertx;
        this.governance = governance;
        this.sql = sql;
    }

    void mount(Router router) {
        router.post("/v1/sql").handler(PolicyEnforcement.require(governance, "sql.execute",
                ctx -> Resource.of("sql", "statement"))).handler(this::execute);
        router.post("/v1/sql/explain").handler(PolicyEnforcement.require(governance, "sql.execute",
                ctx -> Resource.of("sql", "statement"))).handler(this::explain);
    }

    private void explain(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String statement = JsonBodies.requiredString(body, "sql", MAX_SQL);
        Principal caller = AuthenticationHandler.principal(ctx);
        String requestId = RequestIdHandler.requestId(ctx);
        vertx.executeBlocking(() -> sql.sql().explain(caller, statement, requestId), false)
                .onSuccess(plan -> Responses.json(ctx, 200, new JsonObject()
                        .put("logicalPlan", plan.logicalPlan())
                        .put("rewrittenSql", plan.rewrittenSql())
                        .put("ignitePlan", plan.ignitePlan())
                        .put("tables", new JsonArray(plan.tables().stream().sorted().toList()))))
                .onFailure(failure -> ctx.fail(translate(failure)));
    }

    private void execute(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String statement = JsonBodies.requiredString(body, "sql", MAX_SQL);
        List<Object> params = params(body);
        String accept = String.valueOf(ctx.request().getHeader(HttpHeaders.ACCEPT));
        boolean streamed = accept.contains(NdjsonRows.MEDIA_TYPE);
        int maxRows = streamed ? JsonBodies.optionalInt(body, "maxRows", 1_000_000, 1, MAX_STREAMED_ROWS)
                : JsonBodies.optionalInt(body, "maxRows", 1_000, 1, MAX_ROWS);
        int timeoutMs = JsonBodies.optionalInt(body, "timeoutMs", 30_000, 1, 300_000);
        boolean useCache = JsonBodies.optionalBoolean(body, "cache", true);
        Principal caller = AuthenticationHandler.principal(ctx);
        String requestId = RequestIdHandler.requestId(ctx);
        SqlRequest request = new SqlRequest(statement, params, maxRows, Duration.ofMillis(timeoutMs), useCache);
        if (streamed) {
            stream(ctx, caller, request, requestId);
            return;
        }
        boolean csv = accept.contains("text/csv");
        vertx.executeBlocking(() -> sql.sql().execute(caller,
                        request, requestId), false)
                .onSuccess(result -> {
                    if (csv && !result.columns().isEmpty()) {
                        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
                                .end(SqlCsv.write(result));
                    } else {
                        Responses.json(ctx, 200, json(result));
                    }
                })
                .onFailure(failure -> ctx.fail(translate(failure)));
    }

    /**
     * NDJSON: rows go out as the cursor yields them. A failure before the first byte is an ordinary error
     * response; after it, the stream's last line carries the error.
     */
    private void stream(RoutingContext ctx, Principal caller, SqlRequest request, String requestId) {
        NdjsonRows writer = new NdjsonRows(ctx.response(), vertx.getOrCreateContext());
        vertx.executeBlocking(() -> sql.sql().stream(caller, request, requestId, writer), false)
                .onSuccess(writer::finish)
                .onFailure(failure -> {
                    if (failure instanceof NdjsonRows.ClientGoneException || ctx.response().closed()) {
                        return;
                    }
                    if (!writer.started()) {
                        ctx.fail(translate(failure));
                    } else if (translate(failure) instanceof ApiException api) {
                        writer.fail(api.code(), api.getMessage(), requestId);
                    } else {
                        writer.fail("INTERNAL", "The query failed while streaming", requestId);
                    }
                });
    }

    private static List<Object> params(JsonObject body) {
        Object value = body.getValue("params");
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || array.size() > MAX_PARAMS) {
            throw ApiException.badRequest("params", "'params' must be an array of at most " + MAX_PARAMS + " values");
        }
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Object param = array.getValue(i);
            if (param instanceof JsonObject || param instanceof JsonArray) {
                throw ApiException.badRequest("params[" + i + "]", "Parameters must be strings, numbers, booleans "
                        + "or null");
            }
            params.add(param);
        }
        return params;
    }

    static Throwable translate(Throwable failure) {
        if (failure instanceof SqlValidationException invalid) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("field", "sql");
            details.put("line", invalid.line());
            details.put("column", invalid.column());
            return new ApiException(400, "SQL_INVALID", invalid.getMessage(), details);
        }
        if (failure instanceof SqlForbiddenException forbidden) {
            return new ApiException(403, "FORBIDDEN", forbidden.getMessage(), Map.of(
                    "policyIds", forbidden.decision().policyIds(),
                    "reason", forbidden.decision().reason(),
                    "action", forbidden.action(),
                    "resource", forbidden.resource()));
        }
        if (failure instanceof SqlExecutionException execution) {
            return execution.timedOut()
                    ? new ApiException(408, "SQL_TIMEOUT", "The statement did not finish in time: "
                            + execution.getMessage())
                    : new ApiException(400, "SQL_EXECUTION_FAILED", execution.getMessage());
        }
        return failure;
    }

    public static JsonObject json(SqlResult result) {
        JsonArray columns = new JsonArray();
        for (int i = 0; i < result.columns().size(); i++) {
            columns.add(new JsonObject().put("name", result.columns().get(i)).put("type", result.types().get(i)));
        }
        JsonArray rows = new JsonArray();
        for (List<Object> row : result.rows()) {
            JsonArray values = new JsonArray();
            row.forEach(value -> values.add(jsonValue(value)));
            rows.add(values);
        }
        return new JsonObject()
                .put("kind", result.kind().toString())
                .put("columns", columns)
                .put("rows", rows)
                .put("rowCount", result.rows().size())
                .put("truncated", result.truncated())
                .put("cached", result.cached())
                .put("updateCount", result.updateCount());
    }

    /** JSON has no decimal or date types: decimals keep their exact digits as strings, dates their ISO text. */
    static Object jsonValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }
}
