package io.lalo.sql.nl2sql;

import io.lalo.sql.execute.SqlResult;
import java.util.Collection;
import java.util.List;

/**
 * The answer to a question: validated, authorized SQL with an explanation, a confidence, the tables it reads, where
 * it came from ({@code offline}, {@code example}, {@code llm}) and, when asked to execute, the result — or, when the
 * question is unclear, no SQL but what is unclear and the candidate readings.
 */
public record Nl2SqlAnswer(String sql, String explanation, double confidence, List<String> tables, String source,
                           SqlResult result, String clarification, List<String> candidates) {

    public Nl2SqlAnswer {
        tables = List.copyOf(tables);
        candidates = List.copyOf(candidates);
    }

    static Nl2SqlAnswer clarify(String clarification, List<String> candidates) {
        return new Nl2SqlAnswer(null, null, 0, List.of(), "offline", null, clarification, candidates);
    }

    Nl2SqlAnswer withTables(Collection<String> read) {
        return new Nl2SqlAnswer(sql, explanation, confidence, read.stream().sorted().toList(), source, result,
                clarification, candidates);
    }

    Nl2SqlAnswer withResult(SqlResult result) {
        return new Nl2SqlAnswer(sql, explanation, confidence, tables, source, result, clarification, candidates);
    }
}
