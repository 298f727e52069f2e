package io.lalo.sql.nl2sql.eval;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Execution accuracy as Spider's test-suite evaluation scores it: a translation is right when its result equals the
 * gold query's result on the same data — as a multiset of rows, in order only when the gold query orders, and up to
 * a permutation of the columns ("SELECT year, AVG(weight)" answers "SELECT AVG(weight), year"). Numbers compare by
 * value (to 10 significant digits, so 2 and 2.00 and an average computed either way agree); everything else by text.
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
        int width = left.isEmpty() ? 0 : left.get(0).size();
        if (right.isEmpty() || right.get(0).size() != width) {
            return left.isEmpty() && right.isEmpty();
        }
        if (width > 6) {
            return sameRows(left, right, ordered);
        }
        for (int[] permutation : permutations(width)) {
            if (sameRows(left, permute(right, permutation), ordered)) {
                return true;
            }
        }
        return false;
    }

    private static List<List<String>> permute(List<List<String>> rows, int[] order) {
        List<List<String>> result = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> permuted = new ArrayList<>();
            for (int index : order) {
                permuted.add(row.get(index));
            }
            result.add(permuted);
        }
        return result;
    }

    private static List<int[]> permutations(int n) {
        List<int[]> result = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, result);
        return result;
    }

    private static void permute(int[] current, boolean[] taken, int at, List<int[]> out) {
        if (at == current.length) {
            out.add(current.clone());
            return;
        }
        for (int i = 0; i < current.length; i++) {
            if (!taken[i]) {
                taken[i] = true;
                current[at] = i;
                permute(current, taken, at + 1, out);
                taken[i] = false;
            }
        }
    }

    private static boolean sameRows(List<List<String>> left, List<List<String>> right, boolean ordered) {
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
