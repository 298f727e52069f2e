package io.lalo.sql.nl2sql;

import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import io.lalo.sql.nl2sql.QuerySpec.Aggregate;
import io.lalo.sql.nl2sql.QuerySpec.Condition;
import io.lalo.sql.nl2sql.QuerySpec.Item;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one linked question into a {@link QuerySpec} with a grammar of common patterns, in a fixed order: the
 * conditions (comparisons, ranges, years, text matches, nulls, values), then counting and aggregates, grouping,
 * superlatives and ordering, and last what is left to return. Each step consumes the mentions it explains, so a
 * column named in a condition is not also returned.
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

    private final Catalog catalog;
    private final List<Words.Token> tokens;
    private final List<Mention> mentions;
    private final boolean[] used;
    /** Mentions consumed as grammar ("total" read as SUM): they say nothing about which tables are involved. */
    private final boolean[] dropped;
    private final Map<String, Double> tableVotes;
    private final Set<Integer> reserved;

    private final List<Condition> where = new ArrayList<>();
    private boolean anyCondition;
    private final List<Item> select = new ArrayList<>();
    private boolean distinct;
    private final List<ColumnRef> groupBy = new ArrayList<>();
    private QuerySpec.Having having;
    private QuerySpec.Order order;
    private Integer limit;
    private final Set<String> tables = new LinkedHashSet<>();
    private String mainTable;
    /** The first table named, used to choose among same-named columns before the main table is settled. */
    private String provisionalMain;
    private boolean counting;
    private double confidence = 1.0;

    QuestionReader(Catalog catalog, List<Words.Token> tokens, List<Mention> mentions, Set<Integer> reserved) {
        this.catalog = catalog;
        this.tokens = tokens;
        this.mentions = mentions;
        this.used = new boolean[mentions.size()];
        this.dropped = new boolean[mentions.size()];
        this.tableVotes = votes(mentions);
        this.reserved = reserved;
    }

    /** Positions of grammar keywords the linker must not take for names ("ordered by", "how many", "top 5"). */
    static Set<Integer> keywords(List<Words.Token> tokens) {
        Set<Integer> reserved = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String w = lower(tokens, i);
            String next = lower(tokens, i + 1);
            if ((w.equals("ordered") || w.equals("order") || w.equals("sorted") || w.equals("sort")
                    || w.equals("ranked") || w.equals("arranged") || w.equals("grouped")) && next.equals("by")) {
                reserved.add(i);
            }
            if (w.equals("order") && (next.equals("of") || next.isEmpty() || next.equals(".")
                    || Set.of("descending", "ascending", "alphabetical", "reverse", "increasing", "decreasing")
                    .contains(lower(tokens, i - 1)))) {
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
        }
        return reserved;
    }

    QuerySpec read() {
        for (Mention mention : mentions) {
            if (mention.kind() == Mention.Kind.TABLE) {
                provisionalMain = mention.tables().get(0);
                break;
            }
        }
        if (provisionalMain == null) {
            for (Mention mention : mentions) {
                if (mention.kind() == Mention.Kind.COLUMN && mention.columns().size() == 1) {
                    provisionalMain = mention.columns().get(0).table();
                    break;
                }
            }
        }
        readComparisons();
        readYears();
        readTextMatches();
        readNulls();
        readValues();
        readLiterals();
        readCounting();
        readAggregates();
        readGrouping();
        readSuperlatives();
        readOrdering();
        chooseMainTable();
        readProjection();
        resolveTables();
        readAlternatives();
        distinct |= joinedOnlyToFilter();
        return new QuerySpec(mainTable, select, distinct, where, anyCondition, groupBy, having, order, limit,
                tables);
    }

    double confidence() {
        double unexplained = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Words.Token token = tokens.get(i);
            if (token.kind() == Words.Kind.WORD && !Linker.STOP.contains(token.stem()) && covering(i) < 0
                    && !reserved.contains(i) && !grammarWord(token.stem())) {
                unexplained++;
            }
        }
        return Math.max(0.05, confidence * Math.pow(0.93, unexplained));
    }

    // ---- conditions ----

    private void readComparisons() {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).kind() != Words.Kind.NUMBER) {
                continue;
            }
            String operator = null;
            int phraseStart = i;
            for (Map.Entry<String, List<List<String>>> entry : Phrases.COMPARATORS.entrySet()) {
                for (List<String> phrase : entry.getValue()) {
                    int start = i - phrase.size();
                    int startSkippingThe = start - 1;
                    if (matches(start, phrase)) {
                        operator = entry.getKey();
                        phraseStart = start;
                    } else if (lower(tokens, i - 1).equals("the") && matches(startSkippingThe, phrase)) {
                        operator = entry.getKey();
                        phraseStart = startSkippingThe;
                    }
                }
            }
            if (lower(tokens, i + 1).equals("or") && Set.of("more", "greater", "higher", "above", "over")
                    .contains(lower(tokens, i + 2))) {
                operator = ">=";
                reserved.add(i + 1);
                reserved.add(i + 2);
            } else if (lower(tokens, i + 1).equals("or") && Set.of("less", "fewer", "lower", "below")
                    .contains(lower(tokens, i + 2))) {
                operator = "<=";
                reserved.add(i + 1);
                reserved.add(i + 2);
            }
            boolean between = lower(tokens, i - 1).equals("between") && lower(tokens, i + 1).equals("and")
                    && number(i + 2) != null;
            boolean fromTo = lower(tokens, i - 1).equals("from") && lower(tokens, i + 1).equals("to")
                    && number(i + 2) != null;
            if (between || fromTo) {
                Mention subject = subjectBefore(i - 1, true);
                if (subject == null) {
                    subject = subjectAfter(i + 3, true);
                }
                if (subject != null) {
                    use(subject);
                    where.add(Condition.of(numericFirst(subject), "BETWEEN", number(i), number(i + 2)));
                    i += 2;
                }
                continue;
            }
            if (operator == null && lower(tokens, i - 1).equals("either")) {
                // "aged either 32 or 33": one column, any of the numbers.
                Mention subject = subjectBefore(i - 1, true);
                List<Object> listed = new ArrayList<>(List.of(number(i)));
                int k = i;
                while (Set.of("or", ",").contains(lower(tokens, k + 1)) && number(k + 2) != null) {
                    reserved.add(k + 1);
                    listed.add(number(k + 2));
                    k += 2;
                }
                if (subject != null) {
                    use(subject);
                    where.add(new Condition(numericFirst(subject), listed.size() == 1 ? "=" : "IN", listed, false));
                    i = k;
                }
                continue;
            }
            if (operator == null) {
                if (Set.of("of", "is", "was", "equal", "equals", "=").contains(lower(tokens, i - 1))
                        || i > 0 && covering(i - 1) >= 0) {
                    equalityTo(i);
                } else if (!isYear(i) && covering(i + 1) >= 0 && !used[covering(i + 1)]
                        && mentions.get(covering(i + 1)).kind() == Mention.Kind.COLUMN
                        && measurable(numericFirst(mentions.get(covering(i + 1))))) {
                    // "with 8 cylinders": a count of something the table measures.
                    Mention measure = mentions.get(covering(i + 1));
                    use(measure);
                    where.add(Condition.of(numericFirst(measure), "=", number(i)));
                }
                continue;
            }
            for (int k = phraseStart; k < i; k++) {
                reserved.add(k);
            }
            reserved.add(i);
            Mention numericLeft = subjectBefore(phraseStart, true);
            boolean plainNumber = numericLeft != null && numericLeft.columns().stream()
                    .anyMatch(c -> c.numeric() && !isYearColumn(c));
            if (isYear(i) && !plainNumber) {
                Mention temporal = temporalSubject(phraseStart);
                if (temporal != null) {
                    yearComparison(temporal, operator, Integer.parseInt(tokens.get(i).text()));
                    continue;
                }
            }
            comparison(phraseStart, i, operator, number(i));
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (lower(tokens, i).equals("average") || lower(tokens, i).equals("mean")) {
                String operator = comparatorEndingAt(i - 1 - (lower(tokens, i - 1).equals("the") ? 1 : 0));
                if (operator != null) {
                    Mention subject = subjectBefore(i - 1, true);
                    if (subject == null) {
                        subject = subjectAfter(i + 1, true);
                    }
                    if (subject != null && subject.kind() == Mention.Kind.COLUMN) {
                        use(subject);
                        Mention after = subjectAfter(i + 1, true);
                        if (after != null && after.kind() == Mention.Kind.COLUMN && after.end() <= i + 3) {
                            use(after);
                        }
                        reserved.add(i);
                        where.add(new Condition(numericFirst(subject), operator, List.of(), true));
                    }
                }
            }
        }
    }

    /** "a discount of 0.15", "order 1", "region id 3": the column (or table key) right before equals the number. */
    private void equalityTo(int numberAt) {
        int before = lower(tokens, numberAt - 1).equals("of") || lower(tokens, numberAt - 1).equals("is")
                || lower(tokens, numberAt - 1).equals("equals") || lower(tokens, numberAt - 1).equals("=")
                ? numberAt - 2 : numberAt - 1;
        if (lower(tokens, before + 1).equals("to") || lower(tokens, before).equals("to")) {
            before = before - 1;
        }
        int index = covering(before);
        if (index < 0 || used[index]) {
            return;
        }
        Mention subject = mentions.get(index);
        if (subject.kind() == Mention.Kind.COLUMN) {
            use(subject);
            where.add(Condition.of(numericFirst(subject), "=", number(numberAt)));
        } else if (subject.kind() == Mention.Kind.TABLE && before == numberAt - 1) {
            CatalogTable table = catalog.table(subject.tables().get(0)).orElseThrow();
            if (table.primaryKey().size() == 1) {
                used[index] = true;
                ColumnRef key = referencingColumn(table);
                if (key == null) {
                    tables.add(table.name());
                    key = columnOf(table, table.primaryKey().get(0));
                }
                where.add(Condition.of(key, "=", number(numberAt)));
            }
        }
    }

    private void comparison(int phraseStart, int numberAt, String operator, BigDecimal value) {
        Mention left = subjectBefore(phraseStart, false);
        Mention right = subjectAfter(numberAt + 1, false);
        boolean rightIsCountedTable = right != null && right.kind() == Mention.Kind.TABLE
                && right.start() <= numberAt + 2;
        Aggregate aggregateOfLeft = left == null ? null : aggregateBefore(left.start());
        if (left != null && aggregateOfLeft != null && left.kind() == Mention.Kind.COLUMN) {
            use(left);
            having = new QuerySpec.Having(new Item(aggregateOfLeft, numericFirst(left), false), operator, value);
            return;
        }
        if (rightIsCountedTable || lower(tokens, numberAt + 1).equals("time")
                || lower(tokens, numberAt + 1).equals("times")) {
            if (right != null && rightIsCountedTable) {
                use(right);
                tables.add(right.tables().get(0));
            }
            having = new QuerySpec.Having(Item.countAll(), operator, value);
            return;
        }
        Mention bestRight = bestColumnAfter(numberAt + 1, 4);
        if (left != null && left.kind() == Mention.Kind.COLUMN && !measurable(numericFirst(left))) {
            left = null;
        }
        if (bestRight != null && !measurable(numericFirst(bestRight))) {
            bestRight = null;
        }
        Mention subject = left != null && left.kind() == Mention.Kind.COLUMN ? left : bestRight;
        if (subject != null) {
            if (subject == bestRight) {
                // "more than 90 units in stock": words between the number and the column belong to the phrase.
                for (int index = 0; index < mentions.size(); index++) {
                    if (mentions.get(index).start() > numberAt && mentions.get(index).end() <= subject.start()) {
                        used[index] = true;
                    }
                }
            }
            use(subject);
            where.add(Condition.of(numericFirst(subject), operator, value));
        }
    }

    private void readYears() {
        for (int i = 0; i < tokens.size(); i++) {
            if (!isYear(i) || claimedNumber(i)) {
                continue;
            }
            String before = lower(tokens, i - 1);
            Integer month = Phrases.MONTHS.get(before);
            String preposition = month != null ? lower(tokens, i - 2) : before;
            if (!Set.of("in", "during", "of", "for", "from").contains(preposition)) {
                continue;
            }
            Mention temporal = temporalSubject(i);
            if (temporal == null) {
                continue;
            }
            ColumnRef column = temporalColumn(temporal);
            int year = Integer.parseInt(tokens.get(i).text());
            if (column.temporal()) {
                LocalDate from = month == null ? LocalDate.of(year, 1, 1) : LocalDate.of(year, month, 1);
                LocalDate to = month == null ? from.plusYears(1) : from.plusMonths(1);
                where.add(Condition.of(column, ">=", from));
                where.add(Condition.of(column, "<", to));
            } else {
                where.add(Condition.of(column, "=", BigDecimal.valueOf(year)));
            }
            if (temporal.kind() == Mention.Kind.COLUMN) {
                use(temporal);
            }
        }
    }

    private void yearComparison(Mention temporal, String operator, int year) {
        ColumnRef column = temporalColumn(temporal);
        if (temporal.kind() == Mention.Kind.COLUMN) {
            use(temporal);
        }
        if (!column.temporal()) {
            where.add(Condition.of(column, operator, BigDecimal.valueOf(year)));
            return;
        }
        switch (operator) {
            case ">" -> where.add(Condition.of(column, ">=", LocalDate.of(year + 1, 1, 1)));
            case ">=" -> where.add(Condition.of(column, ">=", LocalDate.of(year, 1, 1)));
            case "<" -> where.add(Condition.of(column, "<", LocalDate.of(year, 1, 1)));
            case "<=" -> where.add(Condition.of(column, "<", LocalDate.of(year + 1, 1, 1)));
            default -> {
                where.add(Condition.of(column, ">=", LocalDate.of(year, 1, 1)));
                where.add(Condition.of(column, "<", LocalDate.of(year + 1, 1, 1)));
            }
        }
    }

    private void readTextMatches() {
        for (int i = 0; i < tokens.size(); i++) {
            String w = lower(tokens, i);
            String shape;
            int literalAt;
            if (w.startsWith("contain") || w.startsWith("includ") || w.equals("substring") || w.equals("like")) {
                shape = "%s";
                literalAt = i + 1;
            } else if ((w.startsWith("start") || w.startsWith("begin")) && lower(tokens, i + 1).equals("with")) {
                shape = "s%";
                literalAt = i + 2;
            } else if (w.startsWith("end") && lower(tokens, i + 1).equals("with")) {
                shape = "%e";
                literalAt = i + 2;
            } else {
                continue;
            }
            while (Set.of("the", "word", "a", "an", "letter", "string", "text").contains(lower(tokens, literalAt))) {
                literalAt++;
            }
            if (literalAt >= tokens.size()) {
                continue;
            }
            Words.Token literal = tokens.get(literalAt);
            if (literal.kind() != Words.Kind.QUOTED && !(literal.kind() == Words.Kind.WORD
                    && Character.isUpperCase(literal.text().charAt(0)))) {
                continue;
            }
            Mention subject = subjectBefore(i, false);
            ColumnRef column = null;
            if (subject != null && subject.kind() == Mention.Kind.COLUMN) {
                column = textFirst(subject);
            } else if (subject != null && subject.kind() == Mention.Kind.TABLE) {
                column = nameColumn(subject.tables().get(0));
            }
            if (column == null) {
                continue;
            }
            if (subject.kind() == Mention.Kind.COLUMN) {
                use(subject);
            }
            int literalMention = covering(literalAt);
            if (literalMention >= 0) {
                used[literalMention] = true;
            }
            String text = literal.text();
            String pattern = switch (shape) {
                case "s%" -> text + "%";
                case "%e" -> "%" + text;
                default -> "%" + text + "%";
            };
            where.add(Condition.of(column, negatedBefore(i) ? "NOT LIKE" : "LIKE", pattern));
        }
    }

    private void readNulls() {
        for (int index = 0; index < mentions.size(); index++) {
            Mention mention = mentions.get(index);
            if (used[index] || mention.kind() != Mention.Kind.COLUMN) {
                continue;
            }
            ColumnRef column = pick(mention);
            if (!nullable(column)) {
                continue;
            }
            String before = lower(tokens, mention.start() - 1);
            String twoBefore = lower(tokens, mention.start() - 2);
            String after = lower(tokens, mention.end());
            String twoAfter = lower(tokens, mention.end() + 1);
            boolean missing = before.equals("no") || before.equals("without") || twoBefore.equals("without")
                    || (Set.of("a", "an", "any").contains(before) && twoBefore.equals("not"))
                    || Set.of("missing", "null", "empty", "unknown").contains(after)
                    || after.equals("is") && Set.of("missing", "null", "empty", "unknown").contains(twoAfter);
            boolean present = !missing && (Set.of("a", "an").contains(before)
                    && Set.of("have", "has", "with").contains(twoBefore));
            if (missing || present) {
                used[index] = true;
                where.add(Condition.of(column, missing ? "IS NULL" : "IS NOT NULL"));
            }
        }
    }

    private void readValues() {
        List<Condition> found = new ArrayList<>();
        for (int index = 0; index < mentions.size(); index++) {
            Mention mention = mentions.get(index);
            if (used[index] || mention.kind() != Mention.Kind.VALUE) {
                continue;
            }
            used[index] = true;
            int choice = 0;
            Mention named = columnMentionNear(mention);
            if (named != null) {
                for (int c = 0; c < mention.columns().size(); c++) {
                    if (named.columns().contains(mention.columns().get(c))) {
                        choice = c;
                        use(named);
                        break;
                    }
                }
            } else {
                choice = preferredCandidate(mention.columns());
            }
            ColumnRef column = mention.columns().get(choice);
            String value = mention.values().get(choice);
            boolean negated = negatedBefore(mention.start());
            Condition previous = found.isEmpty() ? null : found.get(found.size() - 1);
            if (previous != null && previous.column().equals(column) && !negated
                    && (previous.operator().equals("=") || previous.operator().equals("IN"))) {
                for (int k = Math.max(0, mention.start() - 3); k < mention.start(); k++) {
                    if (lower(tokens, k).equals("or") || lower(tokens, k).equals("and")) {
                        reserved.add(k);
                    }
                }
                List<Object> values = new ArrayList<>(previous.values());
                values.add(value);
                found.set(found.size() - 1, new Condition(column, "IN", values, false));
            } else {
                found.add(Condition.of(column, negated ? "<>" : "=", value));
            }
        }
        where.addAll(found);
    }

    private void readLiterals() {
        for (int index = 0; index < mentions.size(); index++) {
            Mention mention = mentions.get(index);
            if (used[index] || mention.kind() != Mention.Kind.LITERAL) {
                continue;
            }
            Mention subject = subjectBefore(mention.start(), false);
            ColumnRef column = null;
            if (subject != null && subject.kind() == Mention.Kind.COLUMN) {
                column = pick(subject);
                use(subject);
            } else if (subject != null && subject.kind() == Mention.Kind.TABLE) {
                column = nameColumn(subject.tables().get(0));
            }
            if (column == null) {
                confidence *= 0.6;
                continue;
            }
            used[index] = true;
            Object value = column.numeric() ? parseNumber(mention.values().get(0)) : mention.values().get(0);
            where.add(Condition.of(column, negatedBefore(mention.start()) ? "<>" : "=",
                    value == null ? mention.values().get(0) : value));
        }
    }

    /** "cancelled or with a total below 20": an "or" left between conditions makes any of them enough. */
    private void readAlternatives() {
        if (where.size() < 2 || where.stream().map(Condition::column).distinct().count() < 2) {
            return;
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (lower(tokens, i).equals("or") && !reserved.contains(i)) {
                anyCondition = true;
                return;
            }
        }
    }

    /**
     * "customers who placed cancelled orders": rows of a table joined to another only to filter it repeat once per
     * matching row there; the question asks for each of them once.
     */
    private boolean joinedOnlyToFilter() {
        if (tables.size() < 2 || select.stream().anyMatch(i -> i.aggregate() != Aggregate.NONE || i.star())
                || !groupBy.isEmpty() || containsAny(List.of(List.of("each"), List.of("every")))) {
            return false;
        }
        if (order != null && !select.contains(order.item())) {
            return false;
        }
        Set<String> returned = new HashSet<>();
        select.forEach(item -> returned.add(item.column().table()));
        for (String table : tables) {
            if (returned.contains(table)) {
                continue;
            }
            CatalogTable joined = catalog.table(table).orElse(null);
            if (joined != null && joined.references().stream().anyMatch(fk -> returned.stream()
                    .anyMatch(r -> r.equalsIgnoreCase(fk.referencedTable())))) {
                return true;
            }
        }
        return false;
    }

    // ---- aggregates, grouping, ordering ----

    private void readCounting() {
        for (int i = 0; i < tokens.size(); i++) {
            boolean howMany = lower(tokens, i).equals("how") && lower(tokens, i + 1).equals("many");
            boolean numberOf = (lower(tokens, i).equals("number") || lower(tokens, i).equals("count"))
                    && (lower(tokens, i + 1).equals("of") || i == 0);
            boolean countVerb = lower(tokens, i).equals("count") && i == 0;
            if (!howMany && !numberOf && !countVerb) {
                continue;
            }
            counting = true;
            reserved.add(i);
            int next = i + (howMany || numberOf && lower(tokens, i + 1).equals("of") ? 2 : 1);
            boolean distinctValues = false;
            while (Set.of("different", "distinct", "unique", "the", "of", "all").contains(lower(tokens, next))) {
                distinctValues |= !Set.of("the", "of", "all").contains(lower(tokens, next));
                next++;
            }
            int index = covering(next);
            if (index >= 0 && !used[index]) {
                Mention target = mentions.get(index);
                if (target.kind() == Mention.Kind.TABLE) {
                    used[index] = true;
                    mainTable = target.tables().get(0);
                    select.add(Item.countAll());
                    return;
                }
                if (target.kind() == Mention.Kind.COLUMN && distinctValues) {
                    used[index] = true;
                    select.add(new Item(Aggregate.COUNT, pick(target), true));
                    return;
                }
            }
            select.add(Item.countAll());
            return;
        }
    }

    private void readAggregates() {
        for (int i = 0; i < tokens.size(); i++) {
            Phrases.AggregateWord word = Phrases.AGGREGATES.get(lower(tokens, i));
            if (word == null || reserved.contains(i)) {
                continue;
            }
            int self = covering(i);
            if (self >= 0) {
                // "total" may be a column: it is the aggregate when another column or "of <table>" follows.
                Mention own = mentions.get(self);
                Mention following = self + 1 < mentions.size() ? mentions.get(self + 1) : null;
                boolean columnFollows = following != null && following.kind() == Mention.Kind.COLUMN
                        && following.start() == own.end();
                boolean ofTable = lower(tokens, own.end()).equals("of") && following != null
                        && following.kind() == Mention.Kind.TABLE;
                if (used[self] || own.end() != i + 1 || word.superlative() || !columnFollows && !ofTable) {
                    continue;
                }
                used[self] = true;
                dropped[self] = true;
                if (ofTable) {
                    select.add(new Item(word.aggregate(), pick(own), false));
                    continue;
                }
            }
            if (word.superlative() && !superlativeIsAggregate(i) || picksARow(i)) {
                continue;
            }
            if (i > 0 && Phrases.AGGREGATES.containsKey(lower(tokens, i - 1))
                    && Phrases.AGGREGATES.get(lower(tokens, i - 1)).superlative()
                    && !superlativeIsAggregate(i - 1)) {
                continue;
            }
            if (lower(tokens, i + 1).equals("and") && Phrases.AGGREGATES.containsKey(lower(tokens, i + 2))) {
                continue;
            }
            Mention target = columnAfter(i + 1, 4);
            if (target == null) {
                continue;
            }
            reserved.add(i);
            if (word.aggregate() == Aggregate.SUM && lower(tokens, i + 1).equals("number")) {
                continue;
            }
            use(target);
            ColumnRef column = numericFirst(target);
            select.add(new Item(word.aggregate(), column, false));
            // "the maximum and minimum total": each aggregate word before the column applies to it.
            for (int k = i - 1; k >= 0 && k >= i - 3; k--) {
                Phrases.AggregateWord earlier = Phrases.AGGREGATES.get(lower(tokens, k));
                if (earlier != null && !reserved.contains(k) && lower(tokens, k + 1).equals("and")) {
                    reserved.add(k);
                    select.add(select.size() - 1, new Item(earlier.aggregate(), column, false));
                }
            }
        }
    }

    /** "Which model has the minimum horsepower?": maximum and minimum after "has the" pick a row too. */
    private boolean picksARow(int at) {
        Phrases.AggregateWord word = Phrases.AGGREGATES.get(lower(tokens, at));
        return word != null && (word.aggregate() == Aggregate.MAX || word.aggregate() == Aggregate.MIN)
                && lower(tokens, at - 1).equals("the")
                && Set.of("has", "have", "had", "with", "having").contains(lower(tokens, at - 2));
    }

    /** "What is the highest salary?" is an aggregate; "Which employee has the highest salary?" picks a row. */
    private boolean superlativeIsAggregate(int at) {
        int start = 0;
        while (start < at && Set.of("what", "is", "was", "the", "show", "give", "find", "tell", "me", "return",
                "and", "list").contains(lower(tokens, start))) {
            start++;
        }
        return start == at && !lower(tokens, 0).equals("which") && !lower(tokens, 0).equals("who");
    }

    private void readGrouping() {
        boolean aggregated = !select.isEmpty() || having != null;
        for (int i = 0; i < tokens.size(); i++) {
            String w = lower(tokens, i);
            boolean keyword = w.equals("each") || w.equals("every") || w.equals("per")
                    || w.equals("by") && aggregated && !Set.of("ordered", "sorted", "order", "sort", "ranked",
                    "placed", "made", "written", "handled", "owned", "caused", "led", "managed", "run", "played",
                    "directed", "produced", "sold", "grouped").contains(lower(tokens, i - 1));
            if (!keyword) {
                continue;
            }
            Mention key = subjectAfter(i + 1, false);
            if (key == null || key.start() > i + 3) {
                continue;
            }
            if (!aggregated && having == null && !counting) {
                continue;
            }
            use(key);
            ColumnRef column = key.kind() == Mention.Kind.COLUMN ? pick(key) : nameColumn(key.tables().get(0));
            if (column != null) {
                groupBy.add(column);
                tables.add(column.table());
            }
        }
        if (having != null && groupBy.isEmpty()) {
            Mention key = firstUnused(Mention.Kind.COLUMN, Mention.Kind.TABLE);
            if (key != null) {
                use(key);
                ColumnRef column = key.kind() == Mention.Kind.COLUMN ? key.columns().get(0)
                        : nameColumn(key.tables().get(0));
                if (column != null) {
                    groupBy.add(column);
                }
            }
        }
    }

    private void readSuperlatives() {
        for (int i = 0; i < tokens.size(); i++) {
            String w = lower(tokens, i);
            boolean mostExpensive = (w.equals("most") || w.equals("least")) && lower(tokens, i + 1).equals("expensive");
            boolean mostRecent = w.equals("most") && lower(tokens, i + 1).equals("recent");
            boolean hiredFirst = w.equals("first") && i > 0 && !reserved.contains(i)
                    && (i == tokens.size() - 1 || !tokens.get(i + 1).kind().equals(Words.Kind.NUMBER))
                    && tokens.get(i - 1).kind() == Words.Kind.WORD && tokens.get(i - 1).text().endsWith("ed");
            Phrases.AggregateWord word = Phrases.AGGREGATES.get(w);
            if (!mostExpensive && !mostRecent && !hiredFirst && (word == null || !(word.superlative() || picksARow(i))
                    || reserved.contains(i))) {
                continue;
            }
            int n = topN(i);
            if (covering(i) >= 0 && !hiredFirst) {
                continue;
            }
            reserved.add(i);
            boolean descending = mostExpensive ? w.equals("most") : mostRecent || (!hiredFirst && word.descending());
            int after = mostExpensive || mostRecent ? i + 2 : i + 1;
            if (hiredFirst) {
                int self = covering(i);
                if (self >= 0) {
                    used[self] = true;
                }
                int verb = covering(i - 1);
                if (verb >= 0 && !used[verb] && mentions.get(verb).columns().stream().anyMatch(ColumnRef::temporal)) {
                    used[verb] = true;
                    ColumnRef measure = mentions.get(verb).columns().stream().filter(ColumnRef::temporal)
                            .findFirst().orElseThrow();
                    order = new QuerySpec.Order(Item.column(measure), false);
                    limit = n;
                    continue;
                }
            }
            String impliedWord = mostExpensive ? "expensive" : mostRecent ? "recent" : hiredFirst ? "first" : w;
            Mention next = subjectAfter(after, false);
            if (Phrases.IMPLIED_MEASURES.containsKey(impliedWord) && (next == null
                    || next.kind() == Mention.Kind.TABLE)) {
                ColumnRef measure = impliedMeasure(impliedWord, next == null ? tableBefore(i) : next.tables().get(0));
                if (measure != null) {
                    if (next != null) {
                        use(next);
                    }
                    order = new QuerySpec.Order(Item.column(measure), direction(impliedWord, measure, descending));
                    limit = n;
                    continue;
                }
            }
            Aggregate measureAggregate = null;
            if (Phrases.AGGREGATES.containsKey(lower(tokens, after)) && covering(after) < 0
                    && !Phrases.AGGREGATES.get(lower(tokens, after)).superlative()) {
                measureAggregate = Phrases.AGGREGATES.get(lower(tokens, after)).aggregate();
                reserved.add(after);
                after++;
            }
            Mention target = hiredFirst ? null : subjectAfter(after, false);
            if (target != null && target.start() > after + 2) {
                target = null;
            }
            if (target != null && target.kind() == Mention.Kind.TABLE && measureAggregate == null) {
                Mention entity = entityBefore(i);
                if (entity != null) {
                    use(target);
                    tables.add(target.tables().get(0));
                    groupByEntity(entity);
                    order = new QuerySpec.Order(Item.countAll(), descending);
                    limit = n;
                    continue;
                }
                String implied = mostExpensive ? "expensive" : mostRecent ? "recent" : w;
                ColumnRef measure = impliedMeasure(implied, target.tables().get(0));
                if (measure != null) {
                    order = new QuerySpec.Order(Item.column(measure), direction(implied, measure, descending));
                    limit = n;
                }
                continue;
            }
            if (target != null && target.kind() == Mention.Kind.COLUMN) {
                use(target);
                ColumnRef measure = numericFirst(target);
                if (measureAggregate != null) {
                    Mention entity = entityBefore(i);
                    if (entity != null) {
                        groupByEntity(entity);
                    }
                    order = new QuerySpec.Order(new Item(measureAggregate, measure, false), descending);
                } else {
                    order = new QuerySpec.Order(Item.column(measure), descending);
                }
                limit = n;
                continue;
            }
            String implied = mostExpensive ? "expensive" : mostRecent ? "recent" : hiredFirst ? "first" : w;
            String table = hiredFirst ? tableBefore(i) : null;
            ColumnRef measure = impliedMeasure(implied, table);
            if (measure != null) {
                order = new QuerySpec.Order(Item.column(measure), direction(implied, measure, descending));
                limit = n;
            }
        }
    }

    private void readOrdering() {
        for (int i = 0; i < tokens.size(); i++) {
            String w = lower(tokens, i);
            boolean top = containsAny(List.of(List.of("top")));
            boolean first = explicitLimit() != null && !top;
            boolean by = (w.equals("by") && (reserved.contains(i - 1) || order == null && select.isEmpty()
                    && groupBy.isEmpty() && (containsAny(Phrases.DESCENDING) || top || first)))
                    || (w.equals("of") && reserved.contains(i - 1) && lower(tokens, i - 1).equals("order"));
            boolean alphabetical = w.startsWith("alphabetical");
            if (!by && !alphabetical) {
                continue;
            }
            boolean descending = containsAny(Phrases.DESCENDING) || top && !containsAny(List.of(List.of("ascending")));
            if (by && (lower(tokens, i + 1).equals("count") || lower(tokens, i + 2).equals("count")
                    || lower(tokens, i + 2).equals("number"))) {
                order = new QuerySpec.Order(Item.countAll(), descending);
                break;
            }
            Mention target = by ? subjectAfter(i + 1, false) : null;
            if (target != null && target.kind() == Mention.Kind.COLUMN && target.start() <= i + 3) {
                use(target);
                order = new QuerySpec.Order(Item.column(pick(target)), descending);
                break;
            }
            if (alphabetical && order == null) {
                order = new QuerySpec.Order(null, descending);
            }
        }
        if (limit == null && order != null) {
            limit = explicitLimit();
        }
    }

    // ---- what to return ----

    private void chooseMainTable() {
        if (mainTable != null) {
            return;
        }
        for (int index = 0; index < mentions.size(); index++) {
            if (mentions.get(index).kind() == Mention.Kind.TABLE && !dropped[index]) {
                mainTable = mentions.get(index).tables().get(0);
                return;
            }
        }
        for (int index = 0; index < mentions.size(); index++) {
            Mention mention = mentions.get(index);
            if (!mention.columns().isEmpty() && !dropped[index]) {
                mainTable = mention.columns().get(preferredCandidate(mention.columns())).table();
                return;
            }
        }
        if (!where.isEmpty()) {
            mainTable = where.get(0).column().table();
        } else if (!groupBy.isEmpty()) {
            mainTable = groupBy.get(0).table();
        }
    }

    private void readProjection() {
        if (mainTable == null) {
            throw new Unclear("Which table is the question about?",
                    catalog.tables().stream().map(CatalogTable::name).toList());
        }
        List<Item> columns = new ArrayList<>();
        boolean countOnly = select.size() == 1 && select.get(0).equals(Item.countAll()) && groupBy.isEmpty();
        for (int index = 0; index < mentions.size(); index++) {
            Mention mention = mentions.get(index);
            if (used[index] || mention.kind() != Mention.Kind.COLUMN) {
                continue;
            }
            if (countOnly) {
                // "How many car models were produced by …": the nouns describe what is counted.
                used[index] = true;
                continue;
            }
            used[index] = true;
            ColumnRef column = mention.columns().get(preferredCandidate(mention.columns()));
            if (alreadyExplained(column)) {
                // "distinct cities do customers live in": a second word for a column the query already uses.
                continue;
            }
            if (mention.columns().size() > 1 && !involved(mention.columns())) {
                confidence *= 0.75;
            }
            if (mention.score() < 0.9) {
                confidence *= 0.9;
            }
            boolean distinctWord = Set.of("different", "distinct", "unique").contains(lower(tokens,
                    mention.start() - 1)) || Set.of("different", "distinct", "unique").contains(lower(tokens,
                    mention.start() - 2));
            distinct |= distinctWord;
            Item item = Item.column(column);
            if (!columns.contains(item) && !groupBy.contains(column)) {
                columns.add(item);
            }
        }
        List<Item> keys = groupBy.stream().map(Item::column).toList();
        // Group keys first, then other columns, then aggregates: "SEGMENT, COUNT(*)".
        List<Item> result = new ArrayList<>(keys);
        result.addAll(columns);
        result.addAll(select);
        if (result.isEmpty()) {
            result.addAll(defaultColumns());
            confidence *= 0.9;
        }
        select.clear();
        select.addAll(result);
        if (order != null && order.item() == null) {
            ColumnRef text = select.stream().map(Item::column).filter(c -> c != null && c.text()).findFirst()
                    .orElse(nameColumn(mainTable));
            order = text == null ? null : new QuerySpec.Order(Item.column(text), order.descending());
        }
        if (select.stream().anyMatch(item -> item.aggregate() != Aggregate.NONE) || !groupBy.isEmpty()) {
            // Columns next to an aggregate would be invalid unless grouped: they become groups too.
            for (Item item : select) {
                if (item.aggregate() == Aggregate.NONE && item.column() != null && !groupBy.contains(item.column())) {
                    groupBy.add(item.column());
                }
            }
        }
    }

    /** "List employees …": the table's naming columns (NAME, TITLE, or FIRST_NAME and LAST_NAME), else every column. */
    private List<Item> defaultColumns() {
        boolean everything = containsAny(List.of(List.of("all"), List.of("every"), List.of("detail"),
                List.of("details"), List.of("information"), List.of("everything")));
        CatalogTable table = catalog.table(mainTable).orElseThrow();
        List<Item> naming = new ArrayList<>();
        ColumnRef name = nameColumn(mainTable);
        if (name != null && Words.identifier(name.column()).equals(List.of("name"))) {
            naming.add(Item.column(name));
        } else {
            for (CatalogColumn column : table.columns()) {
                List<String> words = Words.identifier(column.name());
                if (words.size() == 2 && words.get(1).equals("name") && Set.of("first", "last", "given", "family")
                        .contains(words.get(0))) {
                    naming.add(Item.column(columnOf(table, column.name())));
                }
            }
            if (naming.isEmpty() && name != null) {
                naming.add(Item.column(name));
            }
        }
        if (everything && where.isEmpty()) {
            return List.of(Item.STAR);
        }
        if (naming.isEmpty()) {
            // No naming column: the key identifies the rows ("order lines" → ORDER_ID, LINE_NO).
            table.primaryKey().forEach(key -> naming.add(Item.column(columnOf(table, key))));
        }
        return naming.isEmpty() ? List.of(Item.STAR) : naming;
    }

    private void resolveTables() {
        tables.add(mainTable);
        for (Item item : select) {
            if (item.column() != null) {
                tables.add(item.column().table());
            }
        }
        where.forEach(condition -> tables.add(condition.column().table()));
        groupBy.forEach(column -> tables.add(column.table()));
        if (having != null && having.aggregate().column() != null) {
            tables.add(having.aggregate().column().table());
        }
        if (order != null && order.item().column() != null) {
            tables.add(order.item().column().table());
        }
    }

    // ---- helpers ----

    private void groupByEntity(Mention entity) {
        use(entity);
        ColumnRef column = entity.kind() == Mention.Kind.COLUMN ? pick(entity) : nameColumn(entity.tables().get(0));
        if (column != null && !groupBy.contains(column)) {
            groupBy.add(column);
        }
        if (entity.kind() == Mention.Kind.TABLE && mainTable == null) {
            mainTable = entity.tables().get(0);
        }
    }

    private int topN(int superlativeAt) {
        for (int k = superlativeAt - 1; k >= 0 && k >= superlativeAt - 4; k--) {
            if (tokens.get(k).kind() == Words.Kind.NUMBER && !reserved.contains(k) && !isYear(k)) {
                BigDecimal n = number(k);
                reserveNumber(k);
                return n.intValue();
            }
        }
        return 1;
    }

    private void reserveNumber(int at) {
        reserved.add(at);
    }

    private boolean claimedNumber(int at) {
        return reserved.contains(at);
    }

    /** The limit from "top 5", "first 4" when no superlative set one. */
    private Integer explicitLimit() {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (Set.of("top", "first").contains(lower(tokens, i)) && tokens.get(i + 1).kind() == Words.Kind.NUMBER) {
                return number(i + 1).intValue();
            }
        }
        return null;
    }

    private static boolean direction(String implied, ColumnRef measure, boolean descending) {
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

    private ColumnRef impliedMeasure(String word, String table) {
        List<String> hints = Phrases.IMPLIED_MEASURES.get(word);
        if (hints == null) {
            return null;
        }
        List<String> candidates = new ArrayList<>();
        if (table != null) {
            candidates.add(table);
        }
        candidates.addAll(tables);
        if (mainTable != null) {
            candidates.add(mainTable);
        }
        for (Mention mention : mentions) {
            candidates.addAll(mention.tables());
        }
        for (String hint : hints) {
            for (String candidate : candidates) {
                CatalogTable t = catalog.table(candidate).orElse(null);
                if (t == null) {
                    continue;
                }
                for (CatalogColumn column : t.columns()) {
                    ColumnRef ref = columnOf(t, column.name());
                    if (Words.identifier(column.name()).contains(hint) && (ref.numeric() || ref.temporal())) {
                        tables.add(t.name());
                        return ref;
                    }
                }
            }
        }
        return null;
    }

    private String tableBefore(int at) {
        for (int index = mentions.size() - 1; index >= 0; index--) {
            Mention mention = mentions.get(index);
            if (mention.end() <= at && mention.kind() == Mention.Kind.TABLE) {
                return mention.tables().get(0);
            }
        }
        return mainTable;
    }

    /** The thing asked about before a superlative: "Which category has the most products" → category. */
    private Mention entityBefore(int at) {
        for (int index = 0; index < mentions.size(); index++) {
            Mention mention = mentions.get(index);
            if (mention.end() <= at && !used[index] && (mention.kind() == Mention.Kind.COLUMN
                    || mention.kind() == Mention.Kind.TABLE)) {
                return mention;
            }
        }
        return null;
    }

    /**
     * "quantities for order 2": when another table the question names refers to {@code table} by a foreign key,
     * the key column there is filtered instead of joining {@code table} just for its id.
     */
    private ColumnRef referencingColumn(CatalogTable table) {
        for (int index = 0; index < mentions.size(); index++) {
            Mention mention = mentions.get(index);
            if (used[index] || mention.kind() != Mention.Kind.COLUMN) {
                continue;
            }
            for (ColumnRef column : mention.columns()) {
                CatalogTable other = catalog.table(column.table()).orElse(null);
                if (other == null || other.name().equals(table.name())) {
                    continue;
                }
                for (var fk : other.references()) {
                    if (fk.referencedTable().equalsIgnoreCase(table.name())
                            && table.primaryKey().contains(fk.referencedColumn())) {
                        return columnOf(other, fk.column());
                    }
                }
            }
        }
        return null;
    }

    private Aggregate aggregateBefore(int at) {
        for (int k = at - 1; k >= 0 && k >= at - 2; k--) {
            Phrases.AggregateWord word = Phrases.AGGREGATES.get(lower(tokens, k));
            if (word != null && !word.superlative()) {
                reserved.add(k);
                return word.aggregate();
            }
            if (lower(tokens, k).equals("number") || lower(tokens, k).equals("count")) {
                return Aggregate.COUNT;
            }
        }
        return null;
    }

    private Mention temporalSubject(int before) {
        for (int index = mentions.size() - 1; index >= 0; index--) {
            Mention mention = mentions.get(index);
            if (!used[index] && mention.end() <= before && mention.kind() == Mention.Kind.COLUMN
                    && mention.columns().stream().anyMatch(c -> c.temporal() || isYearColumn(c))) {
                return mention;
            }
        }
        for (int index = 0; index < mentions.size(); index++) {
            Mention mention = mentions.get(index);
            if (!used[index] && mention.kind() == Mention.Kind.COLUMN
                    && mention.columns().stream().anyMatch(c -> c.temporal() || isYearColumn(c))) {
                return mention;
            }
        }
        List<String> candidates = new ArrayList<>(tables);
        mentions.stream().filter(m -> m.kind() == Mention.Kind.TABLE).forEach(m -> candidates.addAll(m.tables()));
        mentions.stream().forEach(m -> m.columns().forEach(c -> candidates.add(c.table())));
        for (String table : candidates) {
            CatalogTable t = catalog.table(table).orElse(null);
            if (t == null) {
                continue;
            }
            for (CatalogColumn column : t.columns()) {
                ColumnRef ref = columnOf(t, column.name());
                if (ref.temporal() || isYearColumn(ref)) {
                    return new Mention(Mention.Kind.TABLE, -1, -1, List.of(t.name()), List.of(ref), List.of(), 0.8);
                }
            }
        }
        return null;
    }

    private static boolean isYearColumn(ColumnRef column) {
        return column.numeric() && Words.identifier(column.column()).contains("year");
    }

    private static ColumnRef temporalColumn(Mention mention) {
        return mention.columns().stream().filter(c -> c.temporal() || isYearColumn(c)).findFirst()
                .orElse(mention.columns().get(0));
    }

    private boolean isYear(int at) {
        if (at < 0 || at >= tokens.size() || tokens.get(at).kind() != Words.Kind.NUMBER) {
            return false;
        }
        String text = tokens.get(at).text();
        return text.matches("(18|19|20|21)\\d\\d");
    }

    private boolean nullable(ColumnRef column) {
        return catalog.table(column.table()).flatMap(t -> t.column(column.column()))
                .map(CatalogColumn::nullable).orElse(false);
    }

    private Mention columnMentionNear(Mention value) {
        for (int index = 0; index < mentions.size(); index++) {
            Mention mention = mentions.get(index);
            if (used[index] || mention.kind() != Mention.Kind.COLUMN) {
                continue;
            }
            boolean before = mention.end() <= value.start() && value.start() - mention.end() <= 3;
            boolean after = mention.start() >= value.end() && mention.start() - value.end() <= 1;
            if ((before || after) && mention.columns().stream().anyMatch(value.columns()::contains)) {
                return mention;
            }
        }
        return null;
    }

    /**
     * Among candidate columns: one of the main table, else one in a table the question already involves, else the
     * one whose table the rest of the question points at most (fewest tables to join), else the first.
     */
    private int preferredCandidate(List<ColumnRef> candidates) {
        Set<String> involved = involvedTables();
        String main = mainTable != null ? mainTable : provisionalMain;
        for (int c = 0; c < candidates.size(); c++) {
            if (candidates.get(c).table().equals(main)) {
                return c;
            }
        }
        for (int c = 0; c < candidates.size(); c++) {
            if (involved.contains(candidates.get(c).table())) {
                return c;
            }
        }
        int best = 0;
        double bestVotes = -1;
        for (int c = 0; c < candidates.size(); c++) {
            double votes = tableVotes.getOrDefault(candidates.get(c).table(), 0.0);
            if (votes > bestVotes) {
                best = c;
                bestVotes = votes;
            }
        }
        return best;
    }

    /** How strongly the question's mentions point at each table: a table named counts 2, a candidate column 1/n. */
    private static Map<String, Double> votes(List<Mention> mentions) {
        Map<String, Double> votes = new java.util.HashMap<>();
        for (Mention mention : mentions) {
            mention.tables().forEach(t -> votes.merge(t, 2.0, Double::sum));
            Set<String> tables = new HashSet<>();
            mention.columns().forEach(c -> tables.add(c.table()));
            tables.forEach(t -> votes.merge(t, 1.0 / tables.size(), Double::sum));
        }
        return votes;
    }

    private boolean involved(List<ColumnRef> candidates) {
        Set<String> involved = involvedTables();
        return candidates.stream().anyMatch(c -> involved.contains(c.table()) || c.table().equals(mainTable));
    }

    private Set<String> involvedTables() {
        Set<String> involved = new HashSet<>(tables);
        if (mainTable != null) {
            involved.add(mainTable);
        }
        if (provisionalMain != null) {
            involved.add(provisionalMain);
        }
        for (int index = 0; index < mentions.size(); index++) {
            Mention mention = mentions.get(index);
            if (dropped[index]) {
                continue;
            }
            if (mention.kind() == Mention.Kind.TABLE) {
                involved.addAll(mention.tables());
            } else if (mention.columns().size() == 1) {
                involved.add(mention.columns().get(0).table());
            }
        }
        return involved;
    }

    private ColumnRef pick(Mention mention) {
        return mention.columns().get(preferredCandidate(mention.columns()));
    }

    private ColumnRef numericFirst(Mention mention) {
        int preferred = preferredCandidate(mention.columns());
        ColumnRef first = mention.columns().isEmpty() ? null : mention.columns().get(preferred);
        if (first != null && (first.numeric() || first.temporal())) {
            return first;
        }
        return mention.columns().stream().filter(c -> c.numeric() || c.temporal()).findFirst().orElse(first);
    }

    private ColumnRef textFirst(Mention mention) {
        int preferred = preferredCandidate(mention.columns());
        ColumnRef first = mention.columns().get(preferred);
        return first.text() ? first : mention.columns().stream().filter(ColumnRef::text).findFirst().orElse(first);
    }

    /** A table's naming column: NAME or TITLE, else one whose name ends in "name", else null. */
    private ColumnRef nameColumn(String tableName) {
        CatalogTable table = catalog.table(tableName).orElse(null);
        if (table == null) {
            return null;
        }
        for (String preferred : List.of("name", "title")) {
            for (CatalogColumn column : table.columns()) {
                if (Words.identifier(column.name()).equals(List.of(preferred))) {
                    return columnOf(table, column.name());
                }
            }
        }
        List<String> tableWords = Words.identifier(table.name());
        for (CatalogColumn column : table.columns()) {
            List<String> words = Words.identifier(column.name());
            if (words.get(words.size() - 1).equals("name") && (words.size() == 1 || tableWords.contains(words.get(0))
                    || words.size() == 2)) {
                return columnOf(table, column.name());
            }
        }
        return null;
    }

    private static ColumnRef columnOf(CatalogTable table, String column) {
        return new ColumnRef(table.name(), column, table.column(column).orElseThrow().type());
    }

    private Mention subjectBefore(int at, boolean columnsOnly) {
        for (int index = mentions.size() - 1; index >= 0; index--) {
            Mention mention = mentions.get(index);
            if (mention.end() > at || used[index]) {
                continue;
            }
            if (at - mention.end() > 6) {
                return null;
            }
            if (mention.kind() == Mention.Kind.COLUMN || !columnsOnly && mention.kind() == Mention.Kind.TABLE) {
                return mention;
            }
        }
        return null;
    }

    private Mention subjectAfter(int at, boolean columnsOnly) {
        for (int index = 0; index < mentions.size(); index++) {
            Mention mention = mentions.get(index);
            if (mention.start() < at || used[index]) {
                continue;
            }
            if (mention.start() - at > 4) {
                return null;
            }
            if (mention.kind() == Mention.Kind.COLUMN || !columnsOnly && mention.kind() == Mention.Kind.TABLE) {
                return mention;
            }
        }
        return null;
    }

    private Mention columnAfter(int at, int window) {
        for (int index = 0; index < mentions.size(); index++) {
            Mention mention = mentions.get(index);
            if (mention.start() < at || used[index]) {
                continue;
            }
            if (mention.start() - at > window) {
                return null;
            }
            if (mention.kind() == Mention.Kind.COLUMN) {
                return mention;
            }
            if (mention.kind() != Mention.Kind.TABLE) {
                return null;
            }
        }
        return null;
    }

    private boolean sentenceEndsBetween(int from, int to) {
        for (int k = from; k < to; k++) {
            if (tokens.get(k).kind() == Words.Kind.PUNCTUATION && !tokens.get(k).text().equals(",")) {
                return true;
            }
        }
        return false;
    }

    private boolean alreadyExplained(ColumnRef column) {
        return select.stream().anyMatch(item -> column.equals(item.column()))
                || where.stream().anyMatch(condition -> column.equals(condition.column()))
                || having != null && column.equals(having.aggregate().column());
    }

    private static boolean measurable(ColumnRef column) {
        return column != null && (column.numeric() || column.temporal());
    }

    private Mention bestColumnAfter(int at, int window) {
        Mention best = null;
        for (int index = 0; index < mentions.size(); index++) {
            Mention mention = mentions.get(index);
            if (used[index] || mention.start() < at || mention.start() - at > window
                    || mention.kind() != Mention.Kind.COLUMN || sentenceEndsBetween(at, mention.start())) {
                continue;
            }
            if (best == null || mention.score() > best.score()) {
                best = mention;
            }
        }
        return best;
    }

    private Mention firstUnused(Mention.Kind... kinds) {
        for (int index = 0; index < mentions.size(); index++) {
            if (!used[index] && List.of(kinds).contains(mentions.get(index).kind())) {
                return mentions.get(index);
            }
        }
        return null;
    }

    private void use(Mention mention) {
        int index = mentions.indexOf(mention);
        if (index >= 0) {
            used[index] = true;
        }
        if (mention.kind() == Mention.Kind.TABLE) {
            tables.addAll(mention.tables().subList(0, 1));
        }
    }

    private int covering(int position) {
        for (int index = 0; index < mentions.size(); index++) {
            Mention mention = mentions.get(index);
            if (mention.start() <= position && position < mention.end()) {
                return index;
            }
        }
        return -1;
    }

    private boolean negatedBefore(int at) {
        for (List<String> phrase : Phrases.NEGATIONS) {
            for (int start = Math.max(0, at - 4); start < at; start++) {
                if (matches(start, phrase) && start + phrase.size() <= at) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean hasWordBetweenConditions(String word) {
        for (int i = 0; i < tokens.size(); i++) {
            if (lower(tokens, i).equals(word)) {
                return true;
            }
        }
        return false;
    }

    private String comparatorEndingAt(int end) {
        for (Map.Entry<String, List<List<String>>> entry : Phrases.COMPARATORS.entrySet()) {
            for (List<String> phrase : entry.getValue()) {
                if (matches(end - phrase.size() + 1, phrase)) {
                    return entry.getKey();
                }
            }
        }
        return null;
    }

    private boolean containsAny(List<List<String>> phrases) {
        for (List<String> phrase : phrases) {
            for (int i = 0; i < tokens.size(); i++) {
                if (matches(i, phrase)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean matches(int start, List<String> phrase) {
        if (start < 0 || start + phrase.size() > tokens.size()) {
            return false;
        }
        for (int k = 0; k < phrase.size(); k++) {
            if (!lower(tokens, start + k).equals(phrase.get(k))) {
                return false;
            }
        }
        return true;
    }

    private BigDecimal number(int at) {
        if (at < 0 || at >= tokens.size() || tokens.get(at).kind() != Words.Kind.NUMBER) {
            return null;
        }
        return new BigDecimal(tokens.get(at).text());
    }

    private static BigDecimal parseNumber(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean grammarWord(String stem) {
        return Phrases.AGGREGATES.containsKey(stem) || Phrases.MONTHS.containsKey(stem)
                || Set.of("expensive", "recent", "alphabetical", "alphabetically", "descending", "ascending",
                "contain", "containing", "start", "end", "begin", "word", "many", "whose", "hired", "placed",
                "different", "distinct", "unique", "each", "every", "number", "count").contains(stem);
    }

    private static String lower(List<Words.Token> tokens, int at) {
        if (at < 0 || at >= tokens.size()) {
            return "";
        }
        return tokens.get(at).text().toLowerCase(Locale.ROOT);
    }
}
