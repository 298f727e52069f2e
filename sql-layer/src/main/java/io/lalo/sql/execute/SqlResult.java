package io.lalo.sql.execute;

import io.lalo.sql.validate.StatementKind;
import java.io.Serializable;
import java.util.List;

/**
 * What a statement returned: for a query, column names and SQL types and the rows (at most the requested number;
 * {@code truncated} says more were there); for DML, the update count; for DDL, nothing. {@code cached} says the
 * result came from the result cache rather than from running the statement.
 */
public record SqlResult(StatementKind kind, List<String> columns, List<String> types, List<List<Object>> rows,
                        boolean truncated, long updateCount, boolean cached) implements Serializable {

    public SqlResult {
        columns = List.copyOf(columns);
        types = List.copyOf(types);
        rows = List.copyOf(rows);
    }

    /** This result as served from the cache. */
    public SqlResult fromCache() {
        return new SqlResult(kind, columns, types, rows, truncated, updateCount, true);
    }
}
