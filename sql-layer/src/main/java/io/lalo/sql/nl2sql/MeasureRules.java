package io.lalo.sql.nl2sql;

import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import io.lalo.sql.nl2sql.QuerySpec.Aggregate;
import io.lalo.sql.nl2sql.QuerySpec.Item;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The grammar's rules for what is measured and how rows are arranged: counting, aggregates (and when a superlative
 * is an aggregate rather than "the row with the most"), grouping, superlatives and top-N (by a column, an implied
 * measure such as "cheapest", or a count of related rows), and explicit ordering.
 */
final class MeasureRules {

    private final Reading r;

    MeasureRules(Reading r) {
        this.r = r;
    }

    void readCounting() {
        for (int i = 0; i < r.tokens.size(); i++) {
            boolean howMany = r.word(i).equals("how") && r.word(i + 1).equals("many");
            boolean numberOf = (r.word(i).equals("number") || r.word(i).equals("count"))
                    && (r.word(i + 1).equals("of") || i == 0)
                    && !Phrases.AGGREGATES.containsKey(r.word(i - 1));
            boolean countVerb = r.word(i).equals("count") && i == 0;
            if (!howMany && !numberOf && !countVerb) {
                continue;
            }
            r.counting = true;
            r.reserved.add(i);
            int next = i + (howMany || numberOf && r.word(i + 1).equals("of") ? 2 : 1);
            boolean distinctValues = false;
            while (Set.of("different", "distinct", "unique", "the", "of", "all").contains(r.word(next))) {
                distinctValues |= !Set.of("the", "of", "all").contains(r.word(next));
                next++;
            }
            int index = r.covering(next);
            if (index >= 0 && !r.used[index]) {
                Mention target = r.mentions.get(index);
                if (target.kind() == Mention.Kind.TABLE) {
                    r.used[index] = true;
                    r.mainTable = target.tables().get(0);
                    r.select.add(Item.countAll());
                    return;
                }
                if (target.kind() == Mention.Kind.COLUMN && distinctValues) {
                    r.used[index] = true;
                    r.select.add(new Item(Aggregate.COUNT, r.pick(target), true));
                    return;
                }
            }
            r.select.add(Item.countAll());
            return;
        }
    }

    void readAggregates() {
        for (int i = 0; i < r.tokens.size(); i++) {
            Phrases.AggregateWord word = Phrases.AGGREGATES.get(r.word(i));
            if (word == null || r.reserved.contains(i)) {
                continue;
            }
            int self = r.covering(i);
            if (self >= 0) {
                // "total" may be a column: it is the aggregate when another column or "of <table>" follows.
                Mention own = r.mentions.get(self);
                Mention following = self + 1 < r.mentions.size() ? r.mentions.get(self + 1) : null;
                boolean columnFollows = following != null && following.kind() == Mention.Kind.COLUMN
                        && following.start() == own.end();
                boolean ofTable = r.word(own.end()).equals("of") && following != null
                        && following.kind() == Mention.Kind.TABLE;
                if (r.used[self] || own.end() != i + 1 || word.superlative() || !columnFollows && !ofTable) {
                    continue;
                }
                r.used[self] = true;
                r.dropped[self] = true;
                if (ofTable) {
                    r.select.add(new Item(word.aggregate(), r.pick(own), false));
                    continue;
                }
            }
            if (word.superlative() && !superlativeIsAggregate(i) || picksARow(i)) {
                continue;
            }
            if (i > 0 && Phrases.AGGREGATES.containsKey(r.word(i - 1))
                    && Phrases.AGGREGATES.get(r.word(i - 1)).superlative()
                    && !superlativeIsAggregate(i - 1)) {
                continue;
            }
            if (r.word(i + 1).equals("and") && Phrases.AGGREGATES.containsKey(r.word(i + 2))) {
                continue;
            }
            Mention target = r.columnAfter(i + 1, 4);
            if (target == null) {
                continue;
            }
            r.reserved.add(i);
            if (word.aggregate() == Aggregate.SUM && r.word(i + 1).equals("number")) {
                continue;
            }
            r.use(target);
            ColumnRef column = r.numericFirst(target);
            r.select.add(new Item(word.aggregate(), column, false));
            // "the maximum and minimum total": each aggregate word before the column applies to it.
            for (int k = i - 1; k >= 0 && k >= i - 3; k--) {
                Phrases.AggregateWord earlier = Phrases.AGGREGATES.get(r.word(k));
                if (earlier != null && !r.reserved.contains(k) && r.word(k + 1).equals("and")) {
                    r.reserved.add(k);
                    r.select.add(r.select.size() - 1, new Item(earlier.aggregate(), column, false));
                }
            }
        }
    }

    /** "Which model has the minimum horsepower?": maximum and minimum after "has the" r.pick a row too. */
    boolean picksARow(int at) {
        Phrases.AggregateWord word = Phrases.AGGREGATES.get(r.word(at));
        return word != null && (word.aggregate() == Aggregate.MAX || word.aggregate() == Aggregate.MIN)
                && r.word(at - 1).equals("the")
                && Set.of("has", "have", "had", "with", "having").contains(r.word(at - 2));
    }

    /** "What is the highest salary?" is an aggregate; "Which employee has the highest salary?" picks a row. */
    boolean superlativeIsAggregate(int at) {
        int start = 0;
        while (start < at && Set.of("what", "is", "was", "the", "show", "give", "find", "tell", "me", "return",
                "and", "list").contains(r.word(start))) {
            start++;
        }
        return start == at && !r.word(0).equals("which") && !r.word(0).equals("who");
    }

    void readGrouping() {
        boolean aggregated = !r.select.isEmpty() || r.having != null;
        for (int i = 0; i < r.tokens.size(); i++) {
            String w = r.word(i);
            boolean keyword = w.equals("each") || w.equals("every") || w.equals("per")
                    || w.equals("by") && aggregated && !Set.of("ordered", "sorted", "order", "sort", "ranked",
                    "placed", "made", "written", "handled", "owned", "caused", "led", "managed", "run", "played",
                    "directed", "produced", "sold", "grouped").contains(r.word(i - 1));
            if (!keyword) {
                continue;
            }
            Mention key = r.subjectAfter(i + 1, false);
            if (key == null || key.start() > i + 3) {
                continue;
            }
            if (!aggregated && r.having == null && !r.counting) {
                continue;
            }
            r.use(key);
            ColumnRef column = key.kind() == Mention.Kind.COLUMN ? r.pick(key) : r.groupKey(key.tables().get(0));
            if (column != null) {
                r.groupBy.add(column);
                r.tables.add(column.table());
            }
        }
        if (r.having != null && r.groupBy.isEmpty()) {
            Mention key = r.firstUnused(Mention.Kind.COLUMN, Mention.Kind.TABLE);
            if (key != null) {
                r.use(key);
                ColumnRef column = key.kind() == Mention.Kind.COLUMN ? key.columns().get(0)
                        : r.groupKey(key.tables().get(0));
                if (column != null) {
                    r.groupBy.add(column);
                }
            }
        }
    }

    void readSuperlatives() {
        for (int i = 0; i < r.tokens.size(); i++) {
            String w = r.word(i);
            boolean mostExpensive = (w.equals("most") || w.equals("least")) && r.word(i + 1).equals("expensive");
            boolean mostRecent = w.equals("most") && r.word(i + 1).equals("recent");
            boolean hiredFirst = w.equals("first") && i > 0 && !r.reserved.contains(i)
                    && (i == r.tokens.size() - 1 || !r.tokens.get(i + 1).kind().equals(Words.Kind.NUMBER))
                    && r.tokens.get(i - 1).kind() == Words.Kind.WORD && r.tokens.get(i - 1).text().endsWith("ed");
            Phrases.AggregateWord word = Phrases.AGGREGATES.get(w);
            if (!mostExpensive && !mostRecent && !hiredFirst && (word == null || !(word.superlative() || picksARow(i))
                    || r.reserved.contains(i))) {
                continue;
            }
            int n = topN(i);
            if (r.covering(i) >= 0 && !hiredFirst) {
                continue;
            }
            r.reserved.add(i);
            boolean descending = mostExpensive ? w.equals("most") : mostRecent || (!hiredFirst && word.descending());
            int after = mostExpensive || mostRecent ? i + 2 : i + 1;
            if (r.word(after).equals("number") && r.word(after + 1).equals("of")) {
                // "the most number of templates": a count of related rows.
                after += 2;
            }
            if (hiredFirst) {
                int self = r.covering(i);
                if (self >= 0) {
                    r.used[self] = true;
                }
                int verb = r.covering(i - 1);
                if (verb >= 0 && !r.used[verb] && r.mentions.get(verb).columns().stream().anyMatch(ColumnRef::temporal)) {
                    r.used[verb] = true;
                    ColumnRef measure = r.mentions.get(verb).columns().stream().filter(ColumnRef::temporal)
                            .findFirst().orElseThrow();
                    r.order = new QuerySpec.Order(Item.column(measure), false);
                    r.limit = n;
                    continue;
                }
            }
            String impliedWord = mostExpensive ? "expensive" : mostRecent ? "recent" : hiredFirst ? "first" : w;
            Mention next = r.subjectAfter(after, false);
            if (Phrases.IMPLIED_MEASURES.containsKey(impliedWord) && (next == null
                    || next.kind() == Mention.Kind.TABLE)) {
                ColumnRef measure = impliedMeasure(impliedWord, next == null ? tableBefore(i) : next.tables().get(0));
                if (measure != null) {
                    if (next != null) {
                        r.use(next);
                    }
                    r.order = new QuerySpec.Order(Item.column(measure), direction(impliedWord, measure, descending));
                    r.limit = n;
                    continue;
                }
            }
            Aggregate measureAggregate = null;
            if (Phrases.AGGREGATES.containsKey(r.word(after)) && r.covering(after) < 0
                    && !Phrases.AGGREGATES.get(r.word(after)).superlative()) {
                measureAggregate = Phrases.AGGREGATES.get(r.word(after)).aggregate();
                r.reserved.add(after);
                after++;
            }
            Mention target = hiredFirst ? null : r.subjectAfter(after, false);
            if (target != null && target.start() > after + 2) {
                target = null;
            }
            if (target != null && target.kind() == Mention.Kind.TABLE && measureAggregate == null
                    && !Phrases.IMPLIED_MEASURES.containsKey(impliedWord)) {
                Mention entity = entityBefore(i);
                if (entity != null) {
                    r.use(target);
                    r.tables.add(target.tables().get(0));
                    groupByEntity(entity);
                    r.order = new QuerySpec.Order(Item.countAll(), descending);
                    r.limit = n;
                    continue;
                }
                String implied = mostExpensive ? "expensive" : mostRecent ? "recent" : w;
                ColumnRef measure = impliedMeasure(implied, target.tables().get(0));
                if (measure != null) {
                    r.order = new QuerySpec.Order(Item.column(measure), direction(implied, measure, descending));
                    r.limit = n;
                }
                continue;
            }
            if (target != null && target.kind() == Mention.Kind.COLUMN) {
                r.use(target);
                ColumnRef measure = r.numericFirst(target);
                if (measureAggregate != null) {
                    Mention entity = entityBefore(i);
                    if (entity != null) {
                        groupByEntity(entity);
                    }
                    r.order = new QuerySpec.Order(new Item(measureAggregate, measure, false), descending);
                } else {
                    r.order = new QuerySpec.Order(Item.column(measure), descending);
                }
                r.limit = n;
                continue;
            }
            String implied = mostExpensive ? "expensive" : mostRecent ? "recent" : hiredFirst ? "first" : w;
            String table = hiredFirst ? tableBefore(i) : null;
            ColumnRef measure = impliedMeasure(implied, table);
            if (measure != null) {
                r.order = new QuerySpec.Order(Item.column(measure), direction(implied, measure, descending));
                r.limit = n;
            }
        }
    }

    void groupByEntity(Mention entity) {
        r.use(entity);
        ColumnRef column = entity.kind() == Mention.Kind.COLUMN ? r.pick(entity) : r.groupKey(entity.tables().get(0));
        if (column != null && !r.groupBy.contains(column)) {
            r.groupBy.add(column);
        }
        if (entity.kind() == Mention.Kind.TABLE && r.mainTable == null) {
            r.mainTable = entity.tables().get(0);
        }
    }

    int topN(int superlativeAt) {
        for (int k = superlativeAt - 1; k >= 0 && k >= superlativeAt - 4; k--) {
            if (r.tokens.get(k).kind() == Words.Kind.NUMBER && !r.reserved.contains(k) && !r.isYear(k)) {
                BigDecimal n = r.number(k);
                r.reserved.add(k);
                return n.intValue();
            }
        }
        return 1;
    }

    /** The limit from "top 5", "first 4" when no superlative set one. */
    Integer explicitLimit() {
        for (int i = 0; i + 1 < r.tokens.size(); i++) {
            if (Set.of("top", "first").contains(r.word(i)) && r.tokens.get(i + 1).kind() == Words.Kind.NUMBER) {
                return r.number(i + 1).intValue();
            }
        }
        return null;
    }

    static boolean direction(String implied, ColumnRef measure, boolean descending) {
        if (implied.equals("oldest")) {
            return !measure.temporal();
        }
        if (implied.equals("youngest")) {
            return measure.temporal();
        }
        if (implied.equals("expensive")) {
            return descending;
        }
        if (implied.equals("first") || implied.equals("earliest")) {
            return false;
        }
        return descending;
    }

    ColumnRef impliedMeasure(String word, String table) {
        List<String> hints = Phrases.IMPLIED_MEASURES.get(word);
        if (hints == null) {
            return null;
        }
        List<String> candidates = new ArrayList<>();
        if (table != null) {
            candidates.add(table);
        }
        candidates.addAll(r.tables);
        if (r.mainTable != null) {
            candidates.add(r.mainTable);
        }
        for (Mention mention : r.mentions) {
            candidates.addAll(mention.tables());
        }
        for (String hint : hints) {
            for (String candidate : candidates) {
                CatalogTable t = r.catalog.table(candidate).orElse(null);
                if (t == null) {
                    continue;
                }
                for (CatalogColumn column : t.columns()) {
                    ColumnRef ref = Reading.columnOf(t, column.name());
                    // Numbers and dates order by value; a text column named exactly for the measure ("AGE" kept
                    // as text) is still the measure asked for.
                    List<String> words = Words.identifier(column.name());
                    if (words.contains(hint) && (ref.numeric() || ref.temporal() || words.equals(List.of(hint)))) {
                        r.tables.add(t.name());
                        return ref;
                    }
                }
            }
        }
        return null;
    }

    String tableBefore(int at) {
        for (int index = r.mentions.size() - 1; index >= 0; index--) {
            Mention mention = r.mentions.get(index);
            if (mention.end() <= at && mention.kind() == Mention.Kind.TABLE) {
                return mention.tables().get(0);
            }
        }
        return r.mainTable;
    }

    /** The thing asked about before a superlative: "Which category has the most products" → category. */
    Mention entityBefore(int at) {
        for (int index = 0; index < r.mentions.size(); index++) {
            Mention mention = r.mentions.get(index);
            if (mention.end() <= at && !r.used[index] && (mention.kind() == Mention.Kind.COLUMN
                    || mention.kind() == Mention.Kind.TABLE)) {
                return mention;
            }
        }
        return null;
    }

    void readOrdering() {
        for (int i = 0; i < r.tokens.size(); i++) {
            String w = r.word(i);
            boolean top = r.containsAny(List.of(List.of("top")));
            boolean first = explicitLimit() != null && !top;
            boolean by = (w.equals("by") && (r.reserved.contains(i - 1) || r.order == null && r.select.isEmpty()
                    && r.groupBy.isEmpty() && (r.containsAny(Phrases.DESCENDING) || top || first)))
                    || (w.equals("of") && r.reserved.contains(i - 1) && r.word(i - 1).equals("order"));
            boolean alphabetical = w.startsWith("alphabetical");
            if (!by && !alphabetical) {
                continue;
            }
            boolean descending = r.containsAny(Phrases.DESCENDING) || top && !r.containsAny(List.of(List.of("ascending")));
            if (by && (r.word(i + 1).equals("count") || r.word(i + 2).equals("count")
                    || r.word(i + 2).equals("number"))) {
                r.order = new QuerySpec.Order(Item.countAll(), descending);
                break;
            }
            Mention target = by ? r.subjectAfter(i + 1, false) : null;
            if (target != null && target.kind() == Mention.Kind.COLUMN && target.start() <= i + 3) {
                r.use(target);
                r.order = new QuerySpec.Order(Item.column(r.pick(target)), descending);
                break;
            }
            if (alphabetical && r.order == null) {
                r.order = new QuerySpec.Order(null, descending);
            }
        }
        if (r.limit == null && r.order != null) {
            r.limit = explicitLimit();
        }
    }
}
