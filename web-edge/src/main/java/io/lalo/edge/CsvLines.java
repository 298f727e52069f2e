package io.lalo.edge;

import java.util.List;

/**
 * Writes CSV lines the one way LALO's CSV answers do: fields quoted where they hold a separator, quote or line
 * break, and text that starts like a spreadsheet formula ({@code = + - @}) prefixed with {@code '} so opening the
 * file never runs it. Plain numbers, negative ones included, are left as they are.
 */
final class CsvLines {

    private CsvLines() {
    }

    static void append(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(cells.get(i)));
        }
        csv.append('\n');
    }

    static String field(String cell) {
        String value = cell == null ? "" : cell;
        if (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("-?[0-9.]+")) {
            value = "'" + value;
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
