package io.lalo.sql.rewrite;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one caller may see of one table, as a SQL view: each column as an expression (itself, or its mask), and
 * the predicates (already bound to the caller, as literals) every row must satisfy.
 *
 * @param table the table name
 * @param columns column name → SQL expression over the base table that replaces it, in table order
 * @param predicates SQL predicates, all of which a row must pass
 */
public record TableView(String table, Map<String, String> columns, List<String> predicates) {

    public TableView {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        predicates = List.copyOf(predicates);
    }
}
