package io.lalo.sql.nl2sql;

/** A column of a catalog table, with its SQL type (e.g. {@code VARCHAR(64)}, {@code DATE}). */
public record ColumnRef(String table, String column, String type) {

    boolean numeric() {
        return type.startsWith("INT") || type.startsWith("BIGINT") || type.startsWith("SMALLINT")
                || type.startsWith("TINYINT") || type.startsWith("DECIMAL") || type.startsWith("DOUBLE")
                || type.startsWith("REAL") || type.startsWith("FLOAT");
    }

    boolean temporal() {
        return type.startsWith("DATE") || type.startsWith("TIMESTAMP");
    }

    boolean text() {
        return type.startsWith("VARCHAR") || type.startsWith("CHAR");
    }
}
