package io.lalo.sql.nl2sql;

import java.util.List;
import java.util.Set;

/**
 * What a question asks for, before it is SQL: the table it is about, what to return, conditions, grouping, the
 * condition on groups, ordering and a row limit. The tables set names every table the query needs; the writer joins
 * them along foreign keys.
 */
public record QuerySpec(String mainTable, List<Item> select, boolean distinct, List<Condition> where,
                        boolean anyCondition, List<ColumnRef> groupBy, Having having, Order order, Integer limit,
                        Set<String> tables) {

    public QuerySpec {
        select = List.copyOf(select);
        where = List.copyOf(where);
        groupBy = List.copyOf(groupBy);
        tables = Set.copyOf(tables);
    }

    /** An aggregate function, or none. */
    public enum Aggregate { NONE, COUNT, SUM, AVG, MIN, MAX }

    /** A returned expression: a column, an aggregate of a column, or {@code COUNT(*)} (column null); or {@code *}. */
    public record Item(Aggregate aggregate, ColumnRef column, boolean distinct) {

        static Item column(ColumnRef column) {
            return new Item(Aggregate.NONE, column, false);
        }

        static Item countAll() {
            return new Item(Aggregate.COUNT, null, false);
        }

        static final Item STAR = new Item(Aggregate.NONE, null, false);

        boolean star() {
            return aggregate == Aggregate.NONE && column == null;
        }
    }

    /**
     * A condition on a column: {@code operator} is one of =, <>, >, >=, <, <=, BETWEEN, IN, NOT IN, LIKE, IS NULL,
     * IS NOT NULL; values are Strings, BigDecimals or LocalDates. With {@code againstAverage} the single value is
     * replaced by the column's average over its table. With a {@code subquery} (operator IN or NOT IN) the column
     * is compared with the one column that query returns: "battles that lost no ship" is
     * {@code ID NOT IN (SELECT LOST_IN_BATTLE FROM SHIP …)}.
     */
    public record Condition(ColumnRef column, String operator, List<Object> values, boolean againstAverage,
                            QuerySpec subquery) {

        public Condition {
            values = List.copyOf(values);
        }

        public Condition(ColumnRef column, String operator, List<Object> values, boolean againstAverage) {
            this(column, operator, values, againstAverage, null);
        }

        static Condition of(ColumnRef column, String operator, Object... values) {
            return new Condition(column, operator, List.of(values), false);
        }
    }

    /** A condition on groups: {@code aggregate operator value}. */
    public record Having(Item aggregate, String operator, Object value) {
    }

    /** Ordering by an item (a column or an aggregate). */
    public record Order(Item item, boolean descending) {
    }
}
