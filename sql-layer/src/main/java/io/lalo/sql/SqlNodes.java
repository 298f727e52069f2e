package io.lalo.sql;

import io.lalo.sql.execute.SqlRequest;
import io.lalo.sql.execute.SqlResult;
import io.lalo.sql.nl2sql.Nl2SqlAnswer;
import io.lalo.workflow.NodeInputs;
import io.lalo.workflow.NodeTypes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL node types for workflows, acting as the run's principal. {@code nl2sql} translates {@code question} (CEL,
 * default {@code state.question}), runs the governed SQL (at most {@code maxRows} rows) and writes {sql,
 * explanation, confidence, columns, rows} — or {clarification, candidates} — to {@code output}. {@code sql} runs
 * its {@code sql} statement with {@code params} (a list of CEL expressions, bound to the ? placeholders in order)
 * through governed SQL and writes {columns, rows}. Values are written as plain data (numbers, strings, booleans),
 * as checkpoints store them.
 */
public final class SqlNodes {

    private SqlNodes() {
    }

    public static void register(NodeTypes types, SqlLayer sql) {
        types.register("nl2sql", (node, state, context) -> NodeInputs.result(NodeInputs.output(node, "table"),
                () -> {
                    String question = String.valueOf(NodeInputs.value(node, "question", "state.question", state));
                    Nl2SqlAnswer answer = sql.nl2sql().answer(context.principal(), question, true,
                            NodeInputs.integer(node, "maxRows", 100), context.requestId());
                    Map<String, Object> out = new LinkedHashMap<>();
                    if (answer.sql() == null) {
                        out.put("clarification", answer.clarification());
                        out.put("candidates", answer.candidates());
                        return out;
                    }
                    out.put("sql", answer.sql());
                    out.put("explanation", answer.explanation());
                    out.put("confidence", answer.confidence());
                    if (answer.result() != null) {
                        out.putAll(table(answer.result()));
                    }
                    return out;
                }));
        types.register("sql", (node, state, context) -> NodeInputs.result(NodeInputs.output(node, "rows"),
                () -> {
                    Object statement = node.config().get("sql");
                    if (!(statement instanceof String text) || text.isBlank()) {
                        throw new IllegalArgumentException("node '" + node.name() + "' needs 'sql'");
                    }
                    List<Object> params = new ArrayList<>();
                    if (node.config().get("params") instanceof List<?> expressions) {
                        for (int i = 0; i < expressions.size(); i++) {
                            params.add(NodeInputs.evaluate(node, "params[" + i + "]",
                                    String.valueOf(expressions.get(i)), state));
                        }
                    }
                    SqlResult result = sql.sql().execute(context.principal(), new SqlRequest(text, params,
                            NodeInputs.integer(node, "maxRows", 1_000), Duration.ofSeconds(30), true),
                            context.requestId());
                    return table(result);
                }));
    }

    private static Map<String, Object> table(SqlResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("columns", result.columns());
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            List<Object> plain = new ArrayList<>(row.size());
            row.forEach(value -> plain.add(plain(value)));
            rows.add(plain);
        }
        out.put("rows", rows);
        return out;
    }

    private static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Integer || value instanceof Double) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.scale() <= 0 ? (Object) decimal.longValue() : (Object) decimal.doubleValue();
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        return value.toString();
    }
}
