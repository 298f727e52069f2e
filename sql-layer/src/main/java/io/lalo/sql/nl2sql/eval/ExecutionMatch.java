package io.lalo.sql.nl2sql.eval;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Execution accuracy as Spider scores it: a translation is right when its result equals the gold query's result on
 * the same data — as a multiset of rows, in order only when the gold query orders. Numbers compare by value (to 10
 * significant digits, so 2 and 2.00 and an average computed either way agree); everything else by text.
 */
public final class ExecutionMatch {

    private ExecutionMatch() {
    }

    public static boolean same(List<List<?>> expected, List<List<?>> actual, boolean ordered) {
        if (expected.size() != actual.size()) {
            return false;
        }
        List<List<String>> left = normalise(expected);
        List<List<String>> right = normalise(actual);
        if (ordered) {
            return left.equals(right);
        }
        Map<List<String>, Integer> counts = new HashMap<>();
        left.forEach(row -> counts.merge(row, 1, Integer::sum));
        for (List<String> row : right) {
            Integer count = counts.get(row);
            if (count == null) {
                return false;
            }
            if (count == 1) {
                counts.remove(row);
            } else {
                counts.put(row, count - 1);
            }
        }
        return counts.isEmpty();
    }

    /** Whether the gold query's order is part of its answer (a top-level ORDER BY). */
    public static boolean ordered(String goldSql) {
        return goldSql.toUpperCase(Locale.ROOT).contains("ORDER BY");
    }

    private static List<List<String>> normalise(List<List<?>> rows) {
        List<List<String>> result = new ArrayList<>();
        for (List<?> row : rows) {
            List<String> values = new ArrayList<>();
            for (Object value : row) {
                values.add(value(value));
            }
            result.add(values);
        }
        return result;
    }

    private static String value(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString()).round(new MathContext(10));
            return decimal.stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }
}
