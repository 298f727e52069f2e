package io.lalo.sql.execute;

import java.util.Set;

/**
 * How a query would run: Calcite's validated logical plan of the statement as sent, the statement as rewritten for
 * the caller (masks and filters applied), Ignite's physical plan of that, and the tables it reads.
 */
public record SqlExplanation(String logicalPlan, String rewrittenSql, String ignitePlan, Set<String> tables) {

    public SqlExplanation {
        tables = Set.copyOf(tables);
    }
}
