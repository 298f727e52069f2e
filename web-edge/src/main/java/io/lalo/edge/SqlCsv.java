package io.lalo.edge;

import io.lalo.sql.execute.SqlResult;
import java.util.List;

/** A query result as CSV: a header of column names, one line per row, NULL as an empty field. */
final class SqlCsv {

    private SqlCsv() {
    }

    static String write(SqlResult result) {
        StringBuilder csv = new StringBuilder();
        line(csv, List.copyOf(result.columns()));
        for (List<Object> row : result.rows()) {
            line(csv, row);
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            Object cell = cells.get(i);
            String text = cell == null ? "" : String.valueOf(SqlRoutes.jsonValue(cell));
            if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !text.matches("-?[0-9.]+")) {
                text = "'" + text;
            }
            if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
                text = '"' + text.replace("\"", "\"\"") + '"';
            }
            csv.append(text);
        }
        csv.append('\n');
    }
}
