package io.lalo.sql.nl2sql;

import java.util.List;

/**
 * A span of the question's tokens [start, end) linked to the schema: a table, a column (candidates in several tables
 * until the query's tables decide), a value found in the data (candidate columns), or a quoted literal found nowhere.
 */
record Mention(Kind kind, int start, int end, List<String> tables, List<ColumnRef> columns, List<String> values,
               double score) {

    enum Kind { TABLE, COLUMN, VALUE, LITERAL }

    Mention {
        tables = List.copyOf(tables);
        columns = List.copyOf(columns);
        values = List.copyOf(values);
    }
}
