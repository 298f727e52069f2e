package io.lalo.sql.validate;

import java.util.List;
import java.util.Set;

/**
 * A statement that parsed and validated: its kind; the tables it reads (queries) or writes (DML), upper-case, which
 * is what governance checks and the result cache invalidates by; for queries Calcite's logical plan, the SQL type of
 * each result column, and whether the result depends only on the data ({@code deterministic}: no clock, no random
 * numbers), which is what makes it cacheable.
 */
public record ValidatedStatement(String sql, StatementKind kind, Set<String> tables, String logicalPlan,
                                 List<String> columnTypes, boolean deterministic) {

    public ValidatedStatement {
        tables = Set.copyOf(tables);
        columnTypes = List.copyOf(columnTypes);
    }
}
