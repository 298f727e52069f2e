package io.lalo.sql.validate;

import java.util.Locale;
import org.apache.calcite.sql.SqlKind;

/** What a statement does, which decides the action it is governed as: {@code sql.select}, {@code sql.dml}, {@code sql.ddl}. */
public enum StatementKind {
    QUERY,
    DML,
    DDL;

    static StatementKind of(SqlKind kind) {
        if (kind.belongsTo(SqlKind.QUERY)) {
            return QUERY;
        }
        if (kind.belongsTo(SqlKind.DML)) {
            return DML;
        }
        return DDL;
    }

    /** The governance action for this kind on a table. */
    public String action() {
        return switch (this) {
            case QUERY -> "sql.select";
            case DML -> "sql.dml";
            case DDL -> "sql.ddl";
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
