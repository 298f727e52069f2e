package io.lalo.sql.nl2sql;

import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import io.lalo.sql.nl2sql.QuerySpec.Aggregate;
import io.lalo.sql.nl2sql.QuerySpec.Item;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one linked question into a {@link QuerySpec} with a grammar of common patterns, in a fixed order: the
 * conditions ({@link ConditionRules}), then counting, aggregates, grouping, superlatives and ordering
 * ({@link MeasureRules}), and last, here, what is left to return and which tables that needs. Each step consumes
 * the mentions it explains ({@link Reading}), so a column named in a condition is not also returned.
 */
final class QuestionReader {

    /** The question cannot be read as one query: what is unclear, and the readings to choose from. */
    static final class Unclear extends RuntimeException {
        final List<String> candidates;

        Unclear(String message, List<String> candidates) {
            super(message, null, false, false);
            this.candidates = List.copyOf(candidates);
        }
    }

    private final Reading r;
    private final ConditionRules conditions;
    private final MeasureRules measures;

    QuestionReader(Catalog catalog, List<Words.Token> tokens, List<Mention> mentions, Set<Integer> reserved,
                   LocalDate today) {
        this.r = new Reading(catalog, tokens, mentions, reserved, today);
        this.conditions = new ConditionRules(r);
        this.measures = new MeasureRules(r);
    }

    /** Positions of grammar keywords the linker must not take for names ("ordered by", "how many", "top 5"). */
    static Set<Integer> keywords(List<Words.Token> tokens) {
        Set<Integer> reserved = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String w = Reading.lower(tokens, i);
            String next = Reading.lower(tokens, i + 1);
            if ((w.equals("ordered") || w.equals("order") || w.equals("sorted") || w.equals("sort")
                    || w.equals("ranked") || w.equals("arranged") || w.equals("grouped")) && next.equals("by")) {
                reserved.add(i);
            }
            if (w.equals("order") && (next.equals("of") || next.isEmpty() || next.equals(".")
                    || Set.of("descending", "ascending", "alphabetical", "reverse", "increasing", "decreasing")
                    .contains(Reading.lower(tokens, i - 1)))) {
                reserved.add(i);
            }
            if ((w.equals("number") || w.equals("count")) && next.equals("of")) {
                reserved.add(i);
            }
            if (w.equals("count") && i == 0) {
                reserved.add(i);
            }
            if ((w.equals("first") || w.equals("top") || w.equals("last"))
                    && tokens.size() > i + 1 && tokens.get(i + 1).kind() == Words.Kind.NUMBER) {
                reserved.add(i);
            }
            if (w.equals("total") && (next.equals("number") || next.equals("count"))) {
                reserved.add(i);
            }
            if (Set.of("last", "this", "past", "previous").contains(w)
                    && Set.of("month", "year", "week").contains(next)) {
                // Relative dates, read by ConditionRules.readRelativeDates, never a "year" or "month" column.
                reserved.add(i);
                reserved.add(i + 1);
            }
        }
        return reserved;
    }

    QuerySpec read() {
        for (Mention mention : r.mentions) {
            if (mention.kind() == Mention.Kind.TABLE) {
                r.provisionalMain = mention.tables().get(0);
                break;
            }
        }
        if (r.provisionalMain == null) {
            for (Mention mention : r.mentions) {
                if (mention.kind() == Mention.Kind.COLUMN && mention.columns().size() == 1) {
                    r.provisionalMain = mention.columns().get(0).table();
                    break;
                }
            }
        }
        conditions.readComparisons();
        conditions.readYears();
        conditions.readRelativeDates();
        conditions.readTextMatches();
        conditions.readNulls();
        conditions.readValues();
        conditions.readLiterals();
        conditions.readAbsence();
        measures.readCounting();
        measures.readAggregates();
        measures.readGrouping();
        measures.readSuperlatives();
        measures.readOrdering();
        chooseMainTable();
        readProjection();
        resolveTables();
        conditions.readAlternatives();
        r.distinct |= joinedOnlyToFilter();
        return new QuerySpec(r.mainTable, r.select, r.distinct, r.where, r.anyCondition, r.groupBy, r.having, r.order, r.limit,
                r.tables);
    }

    double confidence() {
        double unexplained = 0;
        for (int i = 0; i < r.tokens.size(); i++) {
            Words.Token token = r.tokens.get(i);
            if (token.kind() == Words.Kind.WORD && !Linker.STOP.contains(token.stem()) && r.covering(i) < 0
                    && !r.reserved.contains(i) && !grammarWord(token.stem())) {
                unexplained++;
            }
        }
        return Math.max(0.05, r.confidence * Math.pow(0.93, unexplained));
    }

    private void chooseMainTable() {
        if (r.mainTable != null) {
            return;
        }
        for (int index = 0; index < r.mentions.size(); index++) {
            if (r.mentions.get(index).kind() == Mention.Kind.TABLE && !r.dropped[index]) {
                r.mainTable = r.mentions.get(index).tables().get(0);
                return;
            }
        }
        for (int index = 0; index < r.mentions.size(); index++) {
            Mention mention = r.mentions.get(index);
            if (!mention.columns().isEmpty() && !r.dropped[index]) {
                r.mainTable = mention.columns().get(r.preferredCandidate(mention.columns())).table();
                return;
            }
        }
        if (!r.where.isEmpty()) {
            r.mainTable = r.where.get(0).column().table();
        } else if (!r.groupBy.isEmpty()) {
            r.mainTable = r.groupBy.get(0).table();
        }
    }

    private void readProjection() {
        if (r.mainTable == null) {
            throw new Unclear("Which table is the question about?",
                    r.catalog.tables().stream().map(CatalogTable::name).toList());
        }
        List<Item> columns = new ArrayList<>();
        boolean countOnly = r.select.size() == 1 && r.select.get(0).equals(Item.countAll()) && r.groupBy.isEmpty()
                && !r.containsAny(List.of(List.of("each"), List.of("every"), List.of("per")));
        for (int index = 0; index < r.mentions.size(); index++) {
            Mention mention = r.mentions.get(index);
            if (r.used[index] || mention.kind() != Mention.Kind.COLUMN) {
                continue;
            }
            if (countOnly) {
                // "How many car models were produced by …": the nouns describe what is counted.
                r.used[index] = true;
                continue;
            }
            r.used[index] = true;
            ColumnRef column = mention.columns().get(r.preferredCandidate(mention.columns()));
            if (mention.score() < 0.9 && r.order != null && r.order.item() != null
                    && column.equals(r.order.item().column())) {
                // "sorted by the years in which they were founded": a second, partial word for the ordering column.
                continue;
            }
            if (mention.score() < 0.9 && r.foreignKey(column)) {
                // "battles that lost ships": a partial match on SHIP.LOST_IN_BATTLE names the relation, not data.
                continue;
            }
            if (alreadyExplained(column)) {
                // "distinct cities do customers live in": a second word for a column the query already uses.
                continue;
            }
            if (mention.columns().size() > 1 && !r.involved(mention.columns())) {
                r.confidence *= 0.75;
            }
            if (mention.score() < 0.9) {
                r.confidence *= 0.9;
            }
            boolean distinctWord = Set.of("different", "distinct", "unique").contains(Reading.lower(r.tokens,
                    mention.start() - 1)) || Set.of("different", "distinct", "unique").contains(Reading.lower(r.tokens,
                    mention.start() - 2));
            r.distinct |= distinctWord;
            Item item = Item.column(column);
            if (!columns.contains(item) && !r.groupBy.contains(column)) {
                columns.add(item);
            }
        }
        List<Item> keys = r.groupBy.stream().map(Item::column).toList();
        // Group keys first, then other columns, then aggregates: "SEGMENT, COUNT(*)".
        List<Item> result = new ArrayList<>(keys);
        result.addAll(columns);
        result.addAll(r.select);
        if (result.isEmpty()) {
            result.addAll(defaultColumns());
            r.confidence *= 0.9;
        }
        r.select.clear();
        r.select.addAll(result);
        if (r.order != null && r.order.item() == null) {
            ColumnRef text = r.select.stream().map(Item::column).filter(c -> c != null && c.text()).findFirst()
                    .orElse(r.nameColumn(r.mainTable));
            r.order = text == null ? null : new QuerySpec.Order(Item.column(text), r.order.descending());
        }
        if (r.select.stream().anyMatch(item -> item.aggregate() != Aggregate.NONE) || !r.groupBy.isEmpty()
                || r.having != null) {
            // Columns next to an aggregate would be invalid unless grouped: they become groups too.
            for (Item item : r.select) {
                if (item.aggregate() == Aggregate.NONE && item.column() != null && !r.groupBy.contains(item.column())) {
                    r.groupBy.add(item.column());
                }
            }
        }
    }

    /** "List employees …": the table's naming columns (NAME, TITLE, or FIRST_NAME and LAST_NAME), else every column. */
    private List<Item> defaultColumns() {
        boolean everything = r.containsAny(List.of(List.of("all"), List.of("every"), List.of("detail"),
                List.of("details"), List.of("information"), List.of("everything")));
        CatalogTable table = r.catalog.table(r.mainTable).orElseThrow();
        List<Item> naming = new ArrayList<>();
        ColumnRef name = r.nameColumn(r.mainTable);
        if (name != null && Words.identifier(name.column()).equals(List.of("name"))) {
            naming.add(Item.column(name));
        } else {
            for (CatalogColumn column : table.columns()) {
                List<String> words = Words.identifier(column.name());
                if (words.size() == 2 && words.get(1).equals("name") && Set.of("first", "last", "given", "family")
                        .contains(words.get(0))) {
                    naming.add(Item.column(Reading.columnOf(table, column.name())));
                }
            }
            if (naming.isEmpty() && name != null) {
                naming.add(Item.column(name));
            }
        }
        if (everything && r.where.isEmpty()) {
            return List.of(Item.STAR);
        }
        if (naming.isEmpty()) {
            // No naming column: the key identifies the rows ("order lines" → ORDER_ID, LINE_NO).
            table.primaryKey().forEach(key -> naming.add(Item.column(Reading.columnOf(table, key))));
        }
        return naming.isEmpty() ? List.of(Item.STAR) : naming;
    }

    private void resolveTables() {
        r.tables.add(r.mainTable);
        for (Item item : r.select) {
            if (item.column() != null) {
                r.tables.add(item.column().table());
            }
        }
        r.where.forEach(condition -> r.tables.add(condition.column().table()));
        r.groupBy.forEach(column -> r.tables.add(column.table()));
        if (r.having != null && r.having.aggregate().column() != null) {
            r.tables.add(r.having.aggregate().column().table());
        }
        if (r.order != null && r.order.item().column() != null) {
            r.tables.add(r.order.item().column().table());
        }
    }

    /**
     * "customers who placed cancelled orders": rows of a table joined to another only to filter it repeat once per
     * matching row there; the question asks for each of them once.
     */
    private boolean joinedOnlyToFilter() {
        if (r.tables.size() < 2 || r.select.stream().anyMatch(i -> i.aggregate() != Aggregate.NONE || i.star())
                || !r.groupBy.isEmpty() || r.containsAny(List.of(List.of("each"), List.of("every")))) {
            return false;
        }
        if (r.order != null && !r.select.contains(r.order.item())) {
            return false;
        }
        Set<String> returned = new HashSet<>();
        r.select.forEach(item -> returned.add(item.column().table()));
        for (String table : r.tables) {
            if (returned.contains(table)) {
                continue;
            }
            CatalogTable joined = r.catalog.table(table).orElse(null);
            if (joined != null && joined.references().stream().anyMatch(fk -> returned.stream()
                    .anyMatch(r -> r.equalsIgnoreCase(fk.referencedTable())))) {
                return true;
            }
        }
        return false;
    }

    private boolean alreadyExplained(ColumnRef column) {
        return r.select.stream().anyMatch(item -> column.equals(item.column()))
                || r.having != null && column.equals(r.having.aggregate().column());
    }

    private static boolean grammarWord(String stem) {
        return Phrases.AGGREGATES.containsKey(stem) || Phrases.MONTHS.containsKey(stem)
                || Set.of("expensive", "recent", "alphabetical", "alphabetically", "descending", "ascending",
                "contain", "containing", "start", "end", "begin", "word", "many", "whose", "hired", "placed",
                "different", "distinct", "unique", "each", "every", "number", "count").contains(stem);
    }
}
