package io.lalo.sql.rewrite;

import io.lalo.governance.Obligations;
import io.lalo.governance.RowFilter;
import io.lalo.governance.TableAccess;
import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a caller's {@link TableAccess} into the SQL of a governed view. Masks: FULL shows {@code '****'} for text
 * and NULL otherwise; PARTIAL keeps the last four characters of text behind {@code ****}; HASH shows a stable
 * digest of the text. Denied columns read as NULL. Row-filter values are written as quoted literals, so an
 * attribute's content can never become SQL.
 */
public final class TableViews {

    private TableViews() {
    }

    /** The view, or null when the caller sees the table as it is. */
    public static TableView of(CatalogTable table, TableAccess access) {
        if (access.masks().isEmpty() && access.rowFilters().isEmpty() && access.deniedColumns().isEmpty()) {
            return null;
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (CatalogColumn column : table.columns()) {
            String name = quote(column.name());
            Obligations.MaskKind mask = access.masks().get(column.name());
            if (access.deniedColumns().contains(column.name())) {
                columns.put(column.name(), "CAST(NULL AS " + column.type() + ")");
            } else if (mask == null) {
                columns.put(column.name(), name);
            } else {
                columns.put(column.name(), mask(name, column.type(), mask));
            }
        }
        List<String> predicates = new ArrayList<>();
        for (RowFilter filter : access.rowFilters()) {
            predicates.add(bind(filter));
        }
        return new TableView(table.name(), columns, predicates);
    }

    static String mask(String column, String type, Obligations.MaskKind kind) {
        boolean text = type.startsWith("VARCHAR") || type.startsWith("CHAR");
        if (!text) {
            return "CAST(NULL AS " + type + ")";
        }
        return switch (kind) {
            case FULL -> "CAST('****' AS VARCHAR)";
            case PARTIAL -> "CASE WHEN CHAR_LENGTH(" + column + ") <= 4 THEN CAST('****' AS VARCHAR) ELSE '****' || "
                    + "SUBSTRING(" + column + " FROM CHAR_LENGTH(" + column + ") - 3) END";
            case HASH -> "'h:' || SUBSTRING(MD5(" + column + ") FROM 1 FOR 16)";
        };
    }

    /** The filter's predicate with each {@code ?} outside string literals replaced by its value, quoted. */
    static String bind(RowFilter filter) {
        StringBuilder out = new StringBuilder();
        String predicate = filter.predicate();
        int parameter = 0;
        boolean inString = false;
        for (int i = 0; i < predicate.length(); i++) {
            char c = predicate.charAt(i);
            if (c == '\'') {
                inString = !inString;
            }
            if (c == '?' && !inString) {
                out.append(literal(filter.parameters().get(parameter++)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String literal(Object value) {
        if (value instanceof Number number) {
            return number.toString();
        }
        return "'" + String.valueOf(value).replace("'", "''") + "'";
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
