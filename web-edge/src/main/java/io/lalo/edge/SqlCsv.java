package io.lalo.edge;

import io.lalo.sql.execute.SqlResult;
import java.util.List;

/** A query result as CSV: a header of column names, one line per row, NULL as an empty field. */
final class SqlCsv {

    private SqlCsv() {
    }

    static String write(SqlResult result) {
        StringBuilder csv = new StringBuilder();
        CsvLines.append(csv, result.columns());
        for (List<Object> row : result.rows()) {
            CsvLines.append(csv, row.stream()
                    .map(cell -> cell == null ? "" : String.valueOf(SqlRoutes.jsonValue(cell)))
                    .toList());
        }
        return csv.toString();
    }
}
