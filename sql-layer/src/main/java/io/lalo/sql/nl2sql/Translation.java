package io.lalo.sql.nl2sql;

import java.util.List;

/**
 * What the translator made of a question: SQL with an explanation in words, a confidence in [0, 1] and the tables
 * it reads — or, when the question can be read more than one way or not at all, no SQL and the candidate
 * readings to choose from ({@code clarification} says what is unclear).
 */
public record Translation(String sql, String explanation, double confidence, List<String> tables,
                          String clarification, List<String> candidates) {

    public Translation {
        tables = List.copyOf(tables);
        candidates = List.copyOf(candidates);
    }

    static Translation clarify(String question, List<String> candidates) {
        return new Translation(null, null, 0.0, List.of(), question, candidates);
    }

    public boolean needsClarification() {
        return sql == null;
    }
}
