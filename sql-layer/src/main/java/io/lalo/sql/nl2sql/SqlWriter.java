package io.lalo.sql.nl2sql;

import io.lalo.schema.ForeignKey;
import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogTable;
import io.lalo.sql.nl2sql.QuerySpec.Condition;
import io.lalo.sql.nl2sql.QuerySpec.Item;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.ignite.internal.processors.query.calcite.sql.generated.IgniteSqlParserImpl;

/**
 * Writes a {@link QuerySpec} as SQL in Ignite's dialect. Several tables are joined along the shortest chain of
 * foreign keys from the main table (breadth-first over relations in both directions) and given aliases T1, T2, …;
 * identifiers are quoted only where they must be (mixed case, reserved words); literals are always literals,
 * quotes doubled, so no question text can change the statement's shape.
 */
final class SqlWriter {

    private static final Pattern PLAIN = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final SqlAbstractParserImpl.Metadata KEYWORDS =
            IgniteSqlParserImpl.FACTORY.getParser(new StringReader("")).getMetadata();

    /** No chain of foreign keys connects the tables a question needs. */
    static final class Unjoinable extends RuntimeException {
        Unjoinable(String message) {
            super(message, null, false, false);
        }
    }

    private final Catalog catalog;

    SqlWriter(Catalog catalog) {
        this.catalog = catalog;
    }

    String write(QuerySpec spec) {
        Map<String, String> aliases = new LinkedHashMap<>();
        List<String> joins = joins(spec, aliases);
        boolean qualified = aliases.size() > 1;
        StringBuilder sql = new StringBuilder("SELECT ");
        if (spec.distinct() && spec.select().stream().allMatch(i -> i.aggregate() == QuerySpec.Aggregate.NONE)) {
            sql.append("DISTINCT ");
        }
        List<String> items = new ArrayList<>();
        for (Item item : spec.select()) {
            items.add(item(item, aliases, qualified));
        }
        sql.append(String.join(", ", items));
        sql.append(" FROM ").append(joins.get(0));
        for (int k = 1; k < joins.size(); k++) {
            sql.append(" JOIN ").append(joins.get(k));
        }
        if (!spec.where().isEmpty()) {
            List<String> conditions = new ArrayList<>();
            for (Condition condition : spec.where()) {
                conditions.add(condition(condition, aliases, qualified));
            }
            sql.append(" WHERE ").append(String.join(spec.anyCondition() ? " OR " : " AND ", conditions));
        }
        if (!spec.groupBy().isEmpty()) {
            List<String> keys = new ArrayList<>();
            spec.groupBy().forEach(column -> keys.add(column(column, aliases, qualified)));
            sql.append(" GROUP BY ").append(String.join(", ", keys));
        }
        if (spec.having() != null) {
            sql.append(" HAVING ").append(item(spec.having().aggregate(), aliases, qualified)).append(' ')
                    .append(spec.having().operator()).append(' ').append(literal(spec.having().value()));
        }
        if (spec.order() != null) {
            sql.append(" ORDER BY ").append(item(spec.order().item(), aliases, qualified))
                    .append(spec.order().descending() ? " DESC" : "");
        }
        if (spec.limit() != null) {
            sql.append(" LIMIT ").append(spec.limit());
        }
        return sql.toString();
    }

    private List<String> joins(QuerySpec spec, Map<String, String> aliases) {
        List<String> joins = new ArrayList<>();
        aliases.put(spec.mainTable(), "T1");
        joins.add(identifier(spec.mainTable()) + (spec.tables().size() > 1 ? " T1" : ""));
        for (String table : spec.tables()) {
            if (aliases.containsKey(table)) {
                continue;
            }
            List<Step> path = path(aliases.keySet(), table);
            for (Step step : path) {
                if (aliases.containsKey(step.to())) {
                    continue;
                }
                String alias = "T" + (aliases.size() + 1);
                aliases.put(step.to(), alias);
                joins.add(identifier(step.to()) + " " + alias + " ON " + aliases.get(step.from()) + "."
                        + identifier(step.fromColumn()) + " = " + alias + "." + identifier(step.toColumn()));
            }
        }
        return joins;
    }

    private record Step(String from, String fromColumn, String to, String toColumn) {
    }

    /** The shortest chain of foreign-key steps from any table already joined to {@code target}. */
    private List<Step> path(Set<String> joined, String target) {
        Map<String, Step> reachedBy = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(joined);
        Set<String> seen = new java.util.HashSet<>(joined);
        while (!queue.isEmpty()) {
            String table = queue.poll();
            if (table.equals(target)) {
                List<Step> steps = new ArrayList<>();
                for (String at = target; reachedBy.containsKey(at); at = reachedBy.get(at).from()) {
                    steps.add(0, reachedBy.get(at));
                }
                return steps;
            }
            CatalogTable described = catalog.table(table).orElse(null);
            if (described == null) {
                continue;
            }
            List<Step> next = new ArrayList<>();
            for (ForeignKey fk : described.references()) {
                next.add(new Step(table, fk.column(), canonical(fk.referencedTable()), fk.referencedColumn()));
            }
            for (ForeignKey fk : described.referencedBy()) {
                next.add(new Step(table, fk.referencedColumn(), canonical(fk.table()), fk.column()));
            }
            for (Step step : next) {
                if (seen.add(step.to())) {
                    reachedBy.put(step.to(), step);
                    queue.add(step.to());
                }
            }
        }
        throw new Unjoinable("No foreign-key path joins " + target + " to " + joined);
    }

    private String canonical(String table) {
        return catalog.table(table).map(CatalogTable::name).orElse(table);
    }

    private String item(Item item, Map<String, String> aliases, boolean qualified) {
        if (item.star()) {
            return "*";
        }
        if (item.aggregate() == QuerySpec.Aggregate.NONE) {
            return column(item.column(), aliases, qualified);
        }
        String argument = item.column() == null ? "*" : (item.distinct() ? "DISTINCT " : "")
                + column(item.column(), aliases, qualified);
        return item.aggregate().name() + "(" + argument + ")";
    }

    private String condition(Condition condition, Map<String, String> aliases, boolean qualified) {
        String column = column(condition.column(), aliases, qualified);
        if (condition.againstAverage()) {
            return column + " " + condition.operator() + " (SELECT AVG(" + identifier(condition.column().column())
                    + ") FROM " + identifier(condition.column().table()) + ")";
        }
        if (condition.subquery() != null) {
            return column + " " + condition.operator() + " (" + write(condition.subquery()) + ")";
        }
        List<Object> values = condition.values();
        return switch (condition.operator()) {
            case "IS NULL", "IS NOT NULL" -> column + " " + condition.operator();
            case "BETWEEN" -> column + " BETWEEN " + literal(values.get(0)) + " AND " + literal(values.get(1));
            case "IN", "NOT IN" -> column + " " + condition.operator() + " ("
                    + String.join(", ", values.stream().map(SqlWriter::literal).toList()) + ")";
            default -> column + " " + condition.operator() + " " + literal(values.get(0));
        };
    }

    private String column(ColumnRef column, Map<String, String> aliases, boolean qualified) {
        String name = identifier(column.column());
        return qualified ? aliases.get(column.table()) + "." + name : name;
    }

    static String literal(Object value) {
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        if (value instanceof Number number) {
            return number.toString();
        }
        if (value instanceof LocalDate date) {
            return "DATE '" + date + "'";
        }
        return "'" + String.valueOf(value).replace("'", "''") + "'";
    }

    static String identifier(String name) {
        if (PLAIN.matcher(name).matches() && !KEYWORDS.isReservedWord(name.toUpperCase(Locale.ROOT))) {
            return name;
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
