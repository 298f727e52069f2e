package io.lalo.sql.nl2sql;

import java.util.List;
import java.util.Map;

/**
 * The grammar's vocabulary: how English says compare, aggregate, order and negate. General English only — no word
 * here belongs to any schema.
 */
final class Phrases {

    private Phrases() {
    }

    /** Comparison phrases before a number, by SQL operator. */
    static final Map<String, List<List<String>>> COMPARATORS = Map.of(
            ">", List.of(List.of("more", "than"), List.of("greater", "than"), List.of("larger", "than"),
                    List.of("bigger", "than"), List.of("higher", "than"), List.of("older", "than"),
                    List.of("longer", "than"), List.of("heavier", "than"), List.of("later", "than"),
                    List.of("above"), List.of("over"), List.of("exceeding"), List.of("exceeds"), List.of("exceed"),
                    List.of("after"), List.of(">")),
            ">=", List.of(List.of("at", "least"), List.of("no", "less", "than"), List.of("not", "less", "than"),
                    List.of("no", "fewer", "than"), List.of("since"), List.of(">=")),
            "<", List.of(List.of("less", "than"), List.of("fewer", "than"), List.of("smaller", "than"),
                    List.of("lower", "than"), List.of("younger", "than"), List.of("shorter", "than"),
                    List.of("lighter", "than"), List.of("earlier", "than"), List.of("below"), List.of("under"),
                    List.of("before"), List.of("<")),
            "<=", List.of(List.of("at", "most"), List.of("no", "more", "than"), List.of("not", "more", "than"),
                    List.of("up", "to"), List.of("<=")),
            "=", List.of(List.of("equal", "to"), List.of("equals"), List.of("exactly"), List.of("=")),
            "<>", List.of(List.of("!="), List.of("<>"), List.of("not", "equal", "to")));

    /** Words that negate a nearby condition. */
    static final List<List<String>> NEGATIONS = List.of(List.of("not"), List.of("other", "than"), List.of("except"),
            List.of("excluding"), List.of("outside"), List.of("besides"), List.of("never"), List.of("no"));

    /** Aggregate words, and whether they are superlatives that may instead mean "the row with the most". */
    record AggregateWord(QuerySpec.Aggregate aggregate, boolean superlative, boolean descending) {
    }

    static final Map<String, AggregateWord> AGGREGATES = Map.ofEntries(
            Map.entry("average", new AggregateWord(QuerySpec.Aggregate.AVG, false, false)),
            Map.entry("avg", new AggregateWord(QuerySpec.Aggregate.AVG, false, false)),
            Map.entry("mean", new AggregateWord(QuerySpec.Aggregate.AVG, false, false)),
            Map.entry("total", new AggregateWord(QuerySpec.Aggregate.SUM, false, false)),
            Map.entry("sum", new AggregateWord(QuerySpec.Aggregate.SUM, false, false)),
            Map.entry("combined", new AggregateWord(QuerySpec.Aggregate.SUM, false, false)),
            Map.entry("maximum", new AggregateWord(QuerySpec.Aggregate.MAX, false, true)),
            Map.entry("max", new AggregateWord(QuerySpec.Aggregate.MAX, false, true)),
            Map.entry("minimum", new AggregateWord(QuerySpec.Aggregate.MIN, false, false)),
            Map.entry("min", new AggregateWord(QuerySpec.Aggregate.MIN, false, false)),
            Map.entry("highest", new AggregateWord(QuerySpec.Aggregate.MAX, true, true)),
            Map.entry("largest", new AggregateWord(QuerySpec.Aggregate.MAX, true, true)),
            Map.entry("biggest", new AggregateWord(QuerySpec.Aggregate.MAX, true, true)),
            Map.entry("greatest", new AggregateWord(QuerySpec.Aggregate.MAX, true, true)),
            Map.entry("most", new AggregateWord(QuerySpec.Aggregate.MAX, true, true)),
            Map.entry("latest", new AggregateWord(QuerySpec.Aggregate.MAX, true, true)),
            Map.entry("newest", new AggregateWord(QuerySpec.Aggregate.MAX, true, true)),
            Map.entry("lowest", new AggregateWord(QuerySpec.Aggregate.MIN, true, false)),
            Map.entry("smallest", new AggregateWord(QuerySpec.Aggregate.MIN, true, false)),
            Map.entry("least", new AggregateWord(QuerySpec.Aggregate.MIN, true, false)),
            Map.entry("fewest", new AggregateWord(QuerySpec.Aggregate.MIN, true, false)),
            Map.entry("earliest", new AggregateWord(QuerySpec.Aggregate.MIN, true, false)),
            Map.entry("oldest", new AggregateWord(QuerySpec.Aggregate.MIN, true, false)),
            Map.entry("shortest", new AggregateWord(QuerySpec.Aggregate.MIN, true, false)),
            Map.entry("longest", new AggregateWord(QuerySpec.Aggregate.MAX, true, true)),
            Map.entry("cheapest", new AggregateWord(QuerySpec.Aggregate.MIN, true, false)),
            Map.entry("youngest", new AggregateWord(QuerySpec.Aggregate.MAX, true, true)));

    /**
     * Superlatives that name their measure implicitly, with the words a matching column's name contains, in order
     * of preference ("cheapest" orders by a price or cost column).
     */
    static final Map<String, List<String>> IMPLIED_MEASURES = Map.ofEntries(
            Map.entry("cheapest", List.of("price", "cost", "fee", "amount")),
            Map.entry("expensive", List.of("price", "cost", "fee", "amount")),
            Map.entry("oldest", List.of("age", "date", "year", "founded", "built")),
            Map.entry("youngest", List.of("age", "date", "year")),
            Map.entry("latest", List.of("date", "time", "year")),
            Map.entry("newest", List.of("date", "time", "year")),
            Map.entry("recent", List.of("date", "time", "year")),
            Map.entry("earliest", List.of("date", "time", "year")),
            Map.entry("first", List.of("date", "time", "year")),
            Map.entry("largest", List.of("total", "amount", "size", "area", "capacity", "population", "value")),
            Map.entry("biggest", List.of("total", "amount", "size", "area", "capacity", "population", "value")),
            Map.entry("smallest", List.of("total", "amount", "size", "area", "capacity", "population", "value")),
            Map.entry("heaviest", List.of("weight")),
            Map.entry("lightest", List.of("weight")),
            Map.entry("tallest", List.of("height")),
            Map.entry("shortest", List.of("height", "length", "duration")),
            Map.entry("longest", List.of("length", "duration")));

    /** Words that make an order descending. */
    static final List<List<String>> DESCENDING = List.of(List.of("descending"), List.of("desc"),
            List.of("decreasing"), List.of("reverse"), List.of("highest", "to", "lowest"),
            List.of("largest", "to", "smallest"), List.of("most", "to", "least"), List.of("newest", "to", "oldest"),
            List.of("high", "to", "low"), List.of("biggest", "to", "smallest"));

    static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("january", 1), Map.entry("february", 2),
            Map.entry("march", 3), Map.entry("april", 4), Map.entry("may", 5), Map.entry("june", 6),
            Map.entry("july", 7), Map.entry("august", 8), Map.entry("september", 9), Map.entry("october", 10),
            Map.entry("november", 11), Map.entry("december", 12));
}
