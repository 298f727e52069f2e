package io.lalo.sql.execute;

import io.lalo.sql.validate.SqlValidationException;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives each parameter the Java type of the SQL type Calcite inferred for its {@code ?}. JSON has only "number",
 * and Ignite's Calcite engine rejects an Integer compared with a BIGINT key at run time ("Remote query execution"),
 * so values are converted here — exactly, or refused with a 400 that names the parameter, never truncated.
 */
final class SqlParameters {

    private SqlParameters() {
    }

    static List<Object> coerce(List<Object> values, List<String> types) {
        if (types.isEmpty()) {
            return values;
        }
        if (values.size() != types.size()) {
            throw new SqlValidationException("The statement has " + types.size() + " parameter(s); " + values.size()
                    + " given", 0, 0);
        }
        List<Object> coerced = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            coerced.add(coerce(values.get(i), types.get(i), i + 1));
        }
        return coerced;
    }

    private static Object coerce(Object value, String type, int position) {
        if (value == null || type.equals("ANY") || type.equals("NULL")) {
            return value;
        }
        try {
            return switch (type) {
                case "BIGINT" -> decimal(value).longValueExact();
                case "INTEGER" -> decimal(value).intValueExact();
                case "SMALLINT" -> decimal(value).shortValueExact();
                case "TINYINT" -> decimal(value).byteValueExact();
                case "DECIMAL" -> decimal(value);
                case "DOUBLE", "FLOAT" -> decimal(value).doubleValue();
                case "REAL" -> decimal(value).floatValue();
                case "CHAR", "VARCHAR" -> value instanceof Boolean ? value : value.toString();
                case "BOOLEAN" -> bool(value);
                case "DATE" -> value instanceof String text ? Date.valueOf(text) : value;
                case "TIMESTAMP" -> value instanceof String text ? Timestamp.valueOf(text.replace('T', ' ')) : value;
                default -> value;
            };
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new SqlValidationException("Parameter " + position + " must be a " + type + " value, not "
                    + (value instanceof String ? "'" + value + "'" : value), 0, 0);
        }
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Number || value instanceof String) {
            return new BigDecimal(value.toString().trim());
        }
        throw new IllegalArgumentException("not a number");
    }

    private static Boolean bool(Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        if ("true".equalsIgnoreCase(String.valueOf(value)) || "false".equalsIgnoreCase(String.valueOf(value))) {
            return Boolean.valueOf(String.valueOf(value));
        }
        throw new IllegalArgumentException("not a boolean");
    }
}
