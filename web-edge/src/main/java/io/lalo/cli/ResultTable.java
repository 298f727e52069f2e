package io.lalo.cli;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A query result rendered as a plain-text table, the way SQL shells print one: a ruled header, one line per row,
 * NULL for missing values, numbers right-aligned.
 *
 * @param columns column labels
 * @param numeric whether each column holds numbers (right-aligned)
 * @param rows the values, already turned into text
 */
record ResultTable(List<String> columns, List<Boolean> numeric, List<List<String>> rows) {

    static ResultTable read(ResultSet rs, int maxRows) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
            numeric.add(isNumeric(meta.getColumnType(i)));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rows.size() < maxRows && rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
                Object value = rs.getObject(i);
                row.add(value == null ? "NULL" : value.toString());
            }
            rows.add(row);
        }
        return new ResultTable(columns, numeric, rows);
    }

    private static boolean isNumeric(int sqlType) {
        return switch (sqlType) {
            case java.sql.Types.TINYINT, java.sql.Types.SMALLINT, java.sql.Types.INTEGER, java.sql.Types.BIGINT,
                 java.sql.Types.DECIMAL, java.sql.Types.NUMERIC, java.sql.Types.REAL, java.sql.Types.FLOAT,
                 java.sql.Types.DOUBLE -> true;
            default -> false;
        };
    }

    String render() {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        String rule = rule(widths);
        out.append(rule).append(line(columns, widths, false)).append(rule);
        for (List<String> row : rows) {
            out.append(line(row, widths, true));
        }
        out.append(rule);
        return out.toString();
    }

    private static String rule(int[] widths) {
        StringBuilder rule = new StringBuilder("+");
        for (int width : widths) {
            rule.append("-".repeat(width + 2)).append('+');
        }
        return rule.append('\n').toString();
    }

    private String line(List<String> cells, int[] widths, boolean alignNumbers) {
        StringBuilder line = new StringBuilder("|");
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            boolean right = alignNumbers && numeric.get(c);
            line.append(' ').append(right ? pad + cell : cell + pad).append(" |");
        }
        return line.append('\n').toString();
    }
}
