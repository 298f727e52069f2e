package io.lalo.sql.catalog;

/**
 * The SQL type name of a value class as Ignite reports it: a Java class name, possibly prefixed {@code class }, or a
 * primitive name (Ignite reports NOT NULL columns of some tables that way).
 */
public final class SqlTypeNames {

    private SqlTypeNames() {
    }

    public static String of(String javaType) {
        String name = javaType == null ? "" : javaType.replace("class ", "");
        return switch (name) {
            case "java.lang.Integer", "int" -> "INTEGER";
            case "java.lang.Long", "long" -> "BIGINT";
            case "java.lang.Short", "short" -> "SMALLINT";
            case "java.lang.Byte", "byte" -> "TINYINT";
            case "java.lang.Boolean", "boolean" -> "BOOLEAN";
            case "java.lang.Double", "double" -> "DOUBLE";
            case "java.lang.Float", "float" -> "REAL";
            case "java.math.BigDecimal" -> "DECIMAL";
            case "java.lang.String" -> "VARCHAR";
            case "java.sql.Date", "java.time.LocalDate" -> "DATE";
            case "java.sql.Time", "java.time.LocalTime" -> "TIME";
            case "java.sql.Timestamp", "java.time.LocalDateTime", "java.util.Date" -> "TIMESTAMP";
            case "java.util.UUID" -> "UUID";
            case "[B" -> "VARBINARY";
            default -> "OTHER";
        };
    }
}
