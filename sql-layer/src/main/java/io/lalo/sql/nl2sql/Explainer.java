package io.lalo.sql.nl2sql;

import io.lalo.sql.nl2sql.QuerySpec.Condition;
import io.lalo.sql.nl2sql.QuerySpec.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Says in words what a {@link QuerySpec} does, so a user can check the reading before trusting the answer. */
final class Explainer {

    private static final Map<String, String> OPERATORS = Map.ofEntries(Map.entry("=", "is"),
            Map.entry("<>", "is not"), Map.entry(">", "is greater than"), Map.entry(">=", "is at least"),
            Map.entry("<", "is less than"), Map.entry("<=", "is at most"), Map.entry("LIKE", "matches"),
            Map.entry("NOT LIKE", "does not match"), Map.entry("IN", "is one of"),
            Map.entry("NOT IN", "is none of"));

    private Explainer() {
    }

    static String explain(QuerySpec spec) {
        StringBuilder text = new StringBuilder();
        List<String> items = spec.select().stream().map(Explainer::item).toList();
        text.append(spec.select().stream().allMatch(i -> i.aggregate() != QuerySpec.Aggregate.NONE)
                ? "Computes " : "Returns ");
        if (spec.distinct()) {
            text.append("the distinct ");
        }
        text.append(String.join(", ", items)).append(" from ").append(spec.mainTable());
        List<String> others = spec.tables().stream().filter(t -> !t.equals(spec.mainTable())).sorted().toList();
        if (!others.isEmpty()) {
            text.append(" joined with ").append(String.join(", ", others)).append(" along their foreign keys");
        }
        if (!spec.where().isEmpty()) {
            List<String> conditions = new ArrayList<>();
            spec.where().forEach(c -> conditions.add(condition(c)));
            text.append(", keeping rows where ").append(String.join(spec.anyCondition() ? " or " : " and ",
                    conditions));
        }
        if (!spec.groupBy().isEmpty()) {
            text.append(", for each ").append(String.join(" and ", spec.groupBy().stream().map(Explainer::column)
                    .toList()));
        }
        if (spec.having() != null) {
            text.append(", keeping groups whose ").append(item(spec.having().aggregate())).append(' ')
                    .append(OPERATORS.getOrDefault(spec.having().operator(), spec.having().operator())).append(' ')
                    .append(SqlWriter.literal(spec.having().value()));
        }
        if (spec.order() != null) {
            text.append(", ordered by ").append(item(spec.order().item()))
                    .append(spec.order().descending() ? " from highest to lowest" : " from lowest to highest");
        }
        if (spec.limit() != null) {
            text.append(spec.limit() == 1 ? ", first row only" : ", first " + spec.limit() + " rows");
        }
        return text.append('.').toString();
    }

    private static String item(Item item) {
        if (item.star()) {
            return "every column";
        }
        if (item.aggregate() == QuerySpec.Aggregate.NONE) {
            return column(item.column());
        }
        if (item.column() == null) {
            return "the number of rows";
        }
        String function = switch (item.aggregate()) {
            case COUNT -> item.distinct() ? "the number of distinct" : "the number of";
            case SUM -> "the sum of";
            case AVG -> "the average of";
            case MIN -> "the smallest";
            case MAX -> "the largest";
            case NONE -> "";
        };
        return function + " " + column(item.column());
    }

    private static String condition(Condition condition) {
        String column = column(condition.column());
        if (condition.againstAverage()) {
            return column + " " + OPERATORS.getOrDefault(condition.operator(), condition.operator())
                    + " its average over " + condition.column().table();
        }
        if (condition.subquery() != null) {
            QuerySpec related = condition.subquery();
            String relatedWhere = related.where().stream().filter(c -> !c.operator().equals("IS NOT NULL"))
                    .map(Explainer::condition).reduce((a, b) -> a + " and " + b).map(w -> " where " + w).orElse("");
            return (condition.operator().equals("NOT IN") ? "no " : "some ") + related.mainTable() + " row"
                    + relatedWhere + " refers to it";
        }
        return switch (condition.operator()) {
            case "IS NULL" -> column + " is empty";
            case "IS NOT NULL" -> column + " is set";
            case "BETWEEN" -> column + " is between " + SqlWriter.literal(condition.values().get(0)) + " and "
                    + SqlWriter.literal(condition.values().get(1));
            default -> column + " " + OPERATORS.getOrDefault(condition.operator(),
                    condition.operator().toLowerCase(Locale.ROOT)) + " " + String.join(", ",
                    condition.values().stream().map(SqlWriter::literal).toList());
        };
    }

    private static String column(ColumnRef column) {
        return column.table() + "." + column.column();
    }
}
