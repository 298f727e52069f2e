package io.lalo.sql.validate;

import java.util.Set;

/**
 * A statement that parsed and validated: its kind and the tables it reads or writes (upper-case names), which is
 * what governance checks before it runs.
 */
public record ValidatedStatement(String sql, StatementKind kind, Set<String> tables) {

    public ValidatedStatement {
        tables = Set.copyOf(tables);
    }
}
