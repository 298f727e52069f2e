package io.lalo.sql.execute;

import java.util.ArrayList;
import java.util.List;
import org.apache.ignite.cache.query.FieldsQueryCursor;
import org.apache.ignite.internal.processors.cache.query.QueryCursorEx;
import org.apache.ignite.internal.processors.query.GridQueryFieldMetadata;

/** The result columns' types as Ignite reports them (Java class names simplified to SQL names where known). */
final class SqlTypes {

    private SqlTypes() {
    }

    static List<String> of(FieldsQueryCursor<?> cursor, int count) {
        List<String> types = new ArrayList<>();
        if (cursor instanceof QueryCursorEx<?> ex) {
            for (GridQueryFieldMetadata field : ex.fieldsMeta()) {
                types.add(sqlName(field.fieldTypeName()));
            }
        }
        while (types.size() < count) {
            types.add("OTHER");
        }
        return types;
    }

    static String sqlName(String javaType) {
        return switch (javaType == null ? "" : javaType) {
            case "java.lang.Integer" -> "INTEGER";
            case "java.lang.Long" -> "BIGINT";
            case "java.lang.Short" -> "SMALLINT";
            case "java.lang.Byte" -> "TINYINT";
            case "java.lang.Boolean" -> "BOOLEAN";
            case "java.lang.Double" -> "DOUBLE";
            case "java.lang.Float" -> "REAL";
            case "java.math.BigDecimal" -> "DECIMAL";
            case "java.lang.String" -> "VARCHAR";
            case "java.sql.Date", "java.time.LocalDate" -> "DATE";
            case "java.sql.Time", "java.time.LocalTime" -> "TIME";
            case "java.sql.Timestamp", "java.time.LocalDateTime" -> "TIMESTAMP";
            case "java.util.UUID" -> "UUID";
            default -> "OTHER";
        };
    }
}
