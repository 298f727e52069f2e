package io.lalo.sql.validate;

import java.util.Set;

/**
 * A statement that parsed and validated: its kind, the tables it reads (upper-case names), which is what
 * governance checks before it runs, and for queries Calcite's logical plan (empty for DML and DDL).
 */
public record ValidatedStatement(String sql, StatementKind kind, Set<String> tables, String logicalPlan) {

    public ValidatedStatement {
        tables = Set.copyOf(tables);
    }
}
