package io.lalo.sql.validate;

import java.util.List;
import java.util.Set;

/**
 * A statement that parsed and validated: its kind; the tables it reads (queries) or writes (DML), upper-case, which
 * is what governance checks and the result cache invalidates by; for queries Calcite's logical plan, the SQL type of
 * each result column, whether the result depends only on the data ({@code deterministic}: no clock, no random
 * numbers), which is what makes it cacheable, and the SQL type Calcite inferred for each {@code ?} parameter (by
 * position), so values can be given the exact type Ignite expects.
 */
public record ValidatedStatement(String sql, StatementKind kind, Set<String> tables, String logicalPlan,
                                 List<String> columnTypes, boolean deterministic, List<String> parameterTypes) {

    public ValidatedStatement {
        tables = Set.copyOf(tables);
        columnTypes = List.copyOf(columnTypes);
        parameterTypes = List.copyOf(parameterTypes);
    }
}
