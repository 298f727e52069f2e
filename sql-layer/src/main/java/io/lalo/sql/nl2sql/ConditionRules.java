package io.lalo.sql.nl2sql;

import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import io.lalo.sql.nl2sql.QuerySpec.Aggregate;
import io.lalo.sql.nl2sql.QuerySpec.Condition;
import io.lalo.sql.nl2sql.QuerySpec.Item;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The grammar's rules for conditions on rows, applied first so that a column named in a condition is not also
 * returned: comparisons with numbers, ranges and number lists, years and months on date columns, comparisons with
 * the average, text matches (contains, starts, ends), nulls, values found in the data (equality, IN lists,
 * negation), quoted literals, and "or" between conditions.
 */
final class ConditionRules {

    /** Comparatives that may come before the column they compare ("a greater weight than 10"). */
    private static final Map<String, String> COMPARATIVES = Map.of("greater", ">", "more", ">", "larger", ">",
            "higher", ">", "bigger", ">", "less", "<", "fewer", "<", "smaller", "<", "lower", "<");

    private final Reading r;

    ConditionRules(Reading r) {
        this.r = r;
    }

    void readComparisons() {
        for (int i = 0; i < r.tokens.size(); i++) {
            if (r.tokens.get(i).kind() != Words.Kind.NUMBER) {
                continue;
            }
            String operator = null;
            int phraseStart = i;
            for (Map.Entry<String, List<List<String>>> entry : Phrases.COMPARATORS.entrySet()) {
                for (List<String> phrase : entry.getValue()) {
                    int start = i - phrase.size();
                    int startSkippingThe = start - 1;
                    if (r.matches(start, phrase)) {
                        operator = entry.getKey();
                        phraseStart = start;
                    } else if (r.word(i - 1).equals("the") && r.matches(startSkippingThe, phrase)) {
                        operator = entry.getKey();
                        phraseStart = startSkippingThe;
                    }
                }
            }
            if (r.word(i + 1).equals("or") && Set.of("more", "greater", "higher", "above", "over")
                    .contains(r.word(i + 2))) {
                operator = ">=";
                r.reserved.add(i + 1);
                r.reserved.add(i + 2);
            } else if (r.word(i + 1).equals("or") && Set.of("less", "fewer", "lower", "below")
                    .contains(r.word(i + 2))) {
                operator = "<=";
                r.reserved.add(i + 1);
                r.reserved.add(i + 2);
            }
            boolean between = r.word(i - 1).equals("between") && r.word(i + 1).equals("and")
                    && r.number(i + 2) != null;
            boolean fromTo = r.word(i - 1).equals("from") && r.word(i + 1).equals("to")
                    && r.number(i + 2) != null;
            if (between || fromTo) {
                Mention subject = r.subjectBefore(i - 1, true);
                if (subject == null) {
                    subject = r.subjectAfter(i + 3, true);
                }
                if (subject != null) {
                    r.use(subject);
                    r.where.add(Condition.of(r.numericFirst(subject), "BETWEEN", r.number(i), r.number(i + 2)));
                    i += 2;
                }
                continue;
            }
            int inside = r.word(i - 1).equals("than") ? r.covering(i - 2) : -1;
            if (operator == null && inside >= 0 && !r.used[inside]) {
                // "a greater weight than 10": the column sits inside the comparison.
                Mention subject = r.mentions.get(inside);
                String comparative = COMPARATIVES.get(r.word(subject.start() - 1));
                if (comparative != null && subject.kind() == Mention.Kind.COLUMN
                        && Reading.measurable(r.numericFirst(subject))) {
                    r.use(subject);
                    r.reserved.add(subject.start() - 1);
                    r.where.add(Condition.of(r.numericFirst(subject), comparative, r.number(i)));
                    continue;
                }
            }
            if (operator == null && r.word(i - 1).equals("either")) {
                // "aged either 32 or 33": one column, any of the numbers.
                Mention subject = r.subjectBefore(i - 1, true);
                List<Object> listed = new ArrayList<>(List.of(r.number(i)));
                int k = i;
                while (Set.of("or", ",").contains(r.word(k + 1)) && r.number(k + 2) != null) {
                    r.reserved.add(k + 1);
                    listed.add(r.number(k + 2));
                    k += 2;
                }
                if (subject != null) {
                    r.use(subject);
                    r.where.add(new Condition(r.numericFirst(subject), listed.size() == 1 ? "=" : "IN", listed, false));
                    i = k;
                }
                continue;
            }
            if (operator == null) {
                if (Set.of("of", "is", "was", "equal", "equals", "=").contains(r.word(i - 1))
                        || i > 0 && r.covering(i - 1) >= 0) {
                    equalityTo(i);
                } else if (!r.isYear(i) && r.covering(i + 1) >= 0 && !r.used[r.covering(i + 1)]
                        && r.mentions.get(r.covering(i + 1)).kind() == Mention.Kind.COLUMN
                        && Reading.measurable(r.numericFirst(r.mentions.get(r.covering(i + 1))))) {
                    // "with 8 cylinders": a count of something the table measures.
                    Mention measure = r.mentions.get(r.covering(i + 1));
                    r.use(measure);
                    r.where.add(Condition.of(r.numericFirst(measure), "=", r.number(i)));
                }
                continue;
            }
            for (int k = phraseStart; k < i; k++) {
                r.reserved.add(k);
            }
            r.reserved.add(i);
            Mention numericLeft = r.subjectBefore(phraseStart, true);
            boolean plainNumber = numericLeft != null && numericLeft.columns().stream()
                    .anyMatch(c -> c.numeric() && !Reading.isYearColumn(c));
            if (r.isYear(i) && !plainNumber) {
                Mention temporal = temporalSubject(phraseStart);
                if (temporal != null) {
                    yearComparison(temporal, operator, Integer.parseInt(r.tokens.get(i).text()));
                    continue;
                }
            }
            comparison(phraseStart, i, operator, r.number(i));
        }
        for (int i = 0; i < r.tokens.size(); i++) {
            if (r.word(i).equals("average") || r.word(i).equals("mean")) {
                String operator = r.comparatorEndingAt(i - 1 - (r.word(i - 1).equals("the") ? 1 : 0));
                if (operator != null) {
                    Mention subject = r.subjectBefore(i - 1, true);
                    if (subject == null) {
                        subject = r.subjectAfter(i + 1, true);
                    }
                    if (subject != null && subject.kind() == Mention.Kind.COLUMN) {
                        r.use(subject);
                        Mention after = r.subjectAfter(i + 1, true);
                        if (after != null && after.kind() == Mention.Kind.COLUMN && after.end() <= i + 3) {
                            r.use(after);
                        }
                        r.reserved.add(i);
                        r.where.add(new Condition(r.numericFirst(subject), operator, List.of(), true));
                    }
                }
            }
        }
    }

    /** "a discount of 0.15", "order 1", "region id 3": the column (or table key) right before equals the r.number. */
    void equalityTo(int numberAt) {
        int before = r.word(numberAt - 1).equals("of") || r.word(numberAt - 1).equals("is")
                || r.word(numberAt - 1).equals("equals") || r.word(numberAt - 1).equals("=")
                ? numberAt - 2 : numberAt - 1;
        if (r.word(before + 1).equals("to") || r.word(before).equals("to")) {
            before = before - 1;
        }
        int index = r.covering(before);
        if (index < 0 || r.used[index]) {
            return;
        }
        Mention subject = r.mentions.get(index);
        if (subject.kind() == Mention.Kind.COLUMN) {
            r.use(subject);
            r.where.add(Condition.of(r.numericFirst(subject), "=", r.number(numberAt)));
        } else if (subject.kind() == Mention.Kind.TABLE && before == numberAt - 1) {
            CatalogTable table = r.catalog.table(subject.tables().get(0)).orElseThrow();
            if (table.primaryKey().size() == 1) {
                r.used[index] = true;
                ColumnRef key = referencingColumn(table);
                if (key == null) {
                    r.tables.add(table.name());
                    key = Reading.columnOf(table, table.primaryKey().get(0));
                }
                r.where.add(Condition.of(key, "=", r.number(numberAt)));
            }
        }
    }

    void comparison(int phraseStart, int numberAt, String operator, BigDecimal value) {
        Mention left = r.subjectBefore(phraseStart, false);
        Mention right = r.subjectAfter(numberAt + 1, false);
        int countedFrom = r.word(numberAt + 1).equals("or") ? numberAt + 3 : numberAt + 1;
        boolean rightIsCountedTable = right != null && right.kind() == Mention.Kind.TABLE
                && right.start() <= countedFrom + 1;
        Aggregate aggregateOfLeft = left == null ? null : aggregateBefore(left.start());
        if (left != null && aggregateOfLeft != null && left.kind() == Mention.Kind.COLUMN) {
            r.use(left);
            r.having = new QuerySpec.Having(new Item(aggregateOfLeft, r.numericFirst(left), false), operator, value);
            return;
        }
        if (rightIsCountedTable || r.word(numberAt + 1).equals("time")
                || r.word(numberAt + 1).equals("times")) {
            if (right != null && rightIsCountedTable) {
                r.use(right);
                r.tables.add(right.tables().get(0));
            }
            r.having = new QuerySpec.Having(Item.countAll(), operator, value);
            return;
        }
        Mention bestRight = r.bestColumnAfter(numberAt + 1, 4);
        if (left != null && left.kind() == Mention.Kind.COLUMN && !Reading.measurable(r.numericFirst(left))) {
            left = null;
        }
        if (bestRight != null && !Reading.measurable(r.numericFirst(bestRight))) {
            bestRight = null;
        }
        Mention subject = left != null && left.kind() == Mention.Kind.COLUMN ? left : bestRight;
        if (subject != null) {
            if (subject == bestRight) {
                // "more than 90 units in stock": words between the r.number and the column belong to the phrase.
                for (int index = 0; index < r.mentions.size(); index++) {
                    if (r.mentions.get(index).start() > numberAt && r.mentions.get(index).end() <= subject.start()) {
                        r.used[index] = true;
                    }
                }
            }
            r.use(subject);
            r.where.add(Condition.of(r.numericFirst(subject), operator, value));
        }
    }

    void readYears() {
        for (int i = 0; i < r.tokens.size(); i++) {
            if (!r.isYear(i) || r.claimedNumber(i)) {
                continue;
            }
            String before = r.word(i - 1);
            Integer month = Phrases.MONTHS.get(before);
            String preposition = month != null ? r.word(i - 2) : before;
            if (!Set.of("in", "during", "of", "for", "from").contains(preposition)) {
                continue;
            }
            Mention temporal = temporalSubject(i);
            if (temporal == null) {
                continue;
            }
            ColumnRef column = temporalColumn(temporal);
            int year = Integer.parseInt(r.tokens.get(i).text());
            if (column.temporal()) {
                LocalDate from = month == null ? LocalDate.of(year, 1, 1) : LocalDate.of(year, month, 1);
                LocalDate to = month == null ? from.plusYears(1) : from.plusMonths(1);
                r.where.add(Condition.of(column, ">=", from));
                r.where.add(Condition.of(column, "<", to));
            } else {
                r.where.add(Condition.of(column, "=", BigDecimal.valueOf(year)));
            }
            if (temporal.kind() == Mention.Kind.COLUMN) {
                r.use(temporal);
            }
        }
    }

    /**
     * "last month", "this year", "yesterday", "in the last 30 days": a range of the question's date column (or the
     * main table's), computed from today, as literals.
     */
    void readRelativeDates() {
        for (int i = 0; i < r.tokens.size(); i++) {
            String w = r.word(i);
            String next = r.word(i + 1);
            LocalDate from = null;
            LocalDate to = null;
            int end = i;
            if ((w.equals("last") || w.equals("previous") || w.equals("past")) && Set.of("month", "year", "week")
                    .contains(next)) {
                from = switch (next) {
                    case "month" -> r.today.withDayOfMonth(1).minusMonths(1);
                    case "year" -> r.today.withDayOfYear(1).minusYears(1);
                    default -> r.today.minusDays(r.today.getDayOfWeek().getValue() - 1L).minusWeeks(1);
                };
                to = switch (next) {
                    case "month" -> from.plusMonths(1);
                    case "year" -> from.plusYears(1);
                    default -> from.plusWeeks(1);
                };
                end = i + 1;
            } else if (w.equals("this") && Set.of("month", "year").contains(next)) {
                from = next.equals("month") ? r.today.withDayOfMonth(1) : r.today.withDayOfYear(1);
                to = r.today.plusDays(1);
                end = i + 1;
            } else if ((w.equals("last") || w.equals("past")) && r.number(i + 1) != null
                    && Set.of("day", "days", "week", "weeks", "month", "months").contains(r.word(i + 2))) {
                int n = r.number(i + 1).intValue();
                String unit = r.word(i + 2);
                from = unit.startsWith("day") ? r.today.minusDays(n - 1L)
                        : unit.startsWith("week") ? r.today.minusWeeks(n) : r.today.minusMonths(n);
                to = r.today.plusDays(1);
                end = i + 2;
            } else if (w.equals("today") || w.equals("yesterday")) {
                from = w.equals("today") ? r.today : r.today.minusDays(1);
                to = from.plusDays(1);
            }
            if (from == null) {
                continue;
            }
            Mention temporal = temporalSubject(i);
            if (temporal == null) {
                continue;
            }
            ColumnRef column = temporalColumn(temporal);
            if (!column.temporal()) {
                continue;
            }
            for (int k = i; k <= end; k++) {
                r.reserved.add(k);
            }
            if (temporal.kind() == Mention.Kind.COLUMN) {
                r.use(temporal);
            }
            r.where.add(Condition.of(column, ">=", from));
            r.where.add(Condition.of(column, "<", to));
            i = end;
        }
    }

    /**
     * "battles that did not lose any ship with tonnage '225'", "customers without orders", "students who have no
     * pets": rows of the main table that no row of the named table refers to (directly, or through a table that
     * links the two). Conditions already read on that table move into the subquery.
     */
    void readAbsence() {
        String main = r.provisionalMain;
        if (main == null) {
            return;
        }
        for (int i = 0; i < r.tokens.size(); i++) {
            String w = r.word(i);
            if (!Set.of("not", "no", "without", "never").contains(w)) {
                continue;
            }
            Mention absent = null;
            for (int index = 0; index < r.mentions.size(); index++) {
                Mention mention = r.mentions.get(index);
                if (!r.used[index] && mention.kind() == Mention.Kind.TABLE && mention.start() > i
                        && mention.start() <= i + 4 && !mention.tables().get(0).equals(main)) {
                    absent = mention;
                    break;
                }
            }
            if (absent == null) {
                continue;
            }
            CatalogTable owner = r.catalog.table(main).orElse(null);
            String other = absent.tables().get(0);
            ColumnRef referring = referringKey(other, main);
            if (owner == null || owner.primaryKey().size() != 1 || referring == null) {
                continue;
            }
            List<Condition> moved = new ArrayList<>();
            for (Condition condition : List.copyOf(r.where)) {
                if (condition.column().table().equals(other)) {
                    r.where.remove(condition);
                    moved.add(affirmed(condition));
                }
            }
            moved.add(Condition.of(referring, "IS NOT NULL"));
            Set<String> subqueryTables = new LinkedHashSet<>();
            subqueryTables.add(referring.table());
            moved.forEach(condition -> subqueryTables.add(condition.column().table()));
            QuerySpec subquery = new QuerySpec(referring.table(), List.of(Item.column(referring)), false, moved,
                    false, List.of(), null, null, null, subqueryTables);
            r.use(absent);
            r.tables.remove(other);
            r.where.add(new Condition(Reading.columnOf(owner, owner.primaryKey().get(0)), "NOT IN", List.of(),
                    false, subquery));
            r.reserved.add(i);
            return;
        }
    }

    /** The column of {@code other} — or of a table linking it — that refers to {@code main}'s key. */
    private ColumnRef referringKey(String other, String main) {
        CatalogTable table = r.catalog.table(other).orElse(null);
        if (table == null) {
            return null;
        }
        for (var fk : table.references()) {
            if (fk.referencedTable().equalsIgnoreCase(main)) {
                return Reading.columnOf(table, fk.column());
            }
        }
        for (var in : table.referencedBy()) {
            CatalogTable link = r.catalog.table(in.table()).orElse(null);
            if (link == null) {
                continue;
            }
            for (var fk : link.references()) {
                if (fk.referencedTable().equalsIgnoreCase(main)) {
                    return Reading.columnOf(link, fk.column());
                }
            }
        }
        return null;
    }

    /** A condition read as negated because of the absence's own "not" is, inside the subquery, positive. */
    private static Condition affirmed(Condition condition) {
        String operator = switch (condition.operator()) {
            case "<>" -> "=";
            case "NOT IN" -> "IN";
            case "NOT LIKE" -> "LIKE";
            default -> condition.operator();
        };
        return new Condition(condition.column(), operator, condition.values(), condition.againstAverage(),
                condition.subquery());
    }

    void yearComparison(Mention temporal, String operator, int year) {
        ColumnRef column = temporalColumn(temporal);
        if (temporal.kind() == Mention.Kind.COLUMN) {
            r.use(temporal);
        }
        if (!column.temporal()) {
            r.where.add(Condition.of(column, operator, BigDecimal.valueOf(year)));
            return;
        }
        switch (operator) {
            case ">" -> r.where.add(Condition.of(column, ">=", LocalDate.of(year + 1, 1, 1)));
            case ">=" -> r.where.add(Condition.of(column, ">=", LocalDate.of(year, 1, 1)));
            case "<" -> r.where.add(Condition.of(column, "<", LocalDate.of(year, 1, 1)));
            case "<=" -> r.where.add(Condition.of(column, "<", LocalDate.of(year + 1, 1, 1)));
            default -> {
                r.where.add(Condition.of(column, ">=", LocalDate.of(year, 1, 1)));
                r.where.add(Condition.of(column, "<", LocalDate.of(year + 1, 1, 1)));
            }
        }
    }

    void readTextMatches() {
        for (int i = 0; i < r.tokens.size(); i++) {
            String w = r.word(i);
            String shape;
            int literalAt;
            if (w.startsWith("contain") || w.startsWith("includ") || w.equals("substring") || w.equals("like")) {
                shape = "%s";
                literalAt = i + 1;
            } else if ((w.startsWith("start") || w.startsWith("begin")) && r.word(i + 1).equals("with")) {
                shape = "s%";
                literalAt = i + 2;
            } else if (w.startsWith("end") && r.word(i + 1).equals("with")) {
                shape = "%e";
                literalAt = i + 2;
            } else {
                continue;
            }
            while (Set.of("the", "word", "a", "an", "letter", "string", "text").contains(r.word(literalAt))) {
                literalAt++;
            }
            if (literalAt >= r.tokens.size()) {
                continue;
            }
            Words.Token literal = r.tokens.get(literalAt);
            if (literal.kind() != Words.Kind.QUOTED && !(literal.kind() == Words.Kind.WORD
                    && Character.isUpperCase(literal.text().charAt(0)))) {
                continue;
            }
            Mention subject = r.subjectBefore(i, false);
            ColumnRef column = null;
            if (subject != null && subject.kind() == Mention.Kind.COLUMN) {
                column = r.textFirst(subject);
            } else if (subject != null && subject.kind() == Mention.Kind.TABLE) {
                column = r.nameColumn(subject.tables().get(0));
            }
            if (column == null) {
                continue;
            }
            if (subject.kind() == Mention.Kind.COLUMN) {
                r.use(subject);
            }
            int literalMention = r.covering(literalAt);
            if (literalMention >= 0) {
                r.used[literalMention] = true;
            }
            String text = literal.text();
            String pattern = switch (shape) {
                case "s%" -> text + "%";
                case "%e" -> "%" + text;
                default -> "%" + text + "%";
            };
            r.where.add(Condition.of(column, r.negatedBefore(i) ? "NOT LIKE" : "LIKE", pattern));
        }
    }

    void readNulls() {
        for (int index = 0; index < r.mentions.size(); index++) {
            Mention mention = r.mentions.get(index);
            if (r.used[index] || mention.kind() != Mention.Kind.COLUMN) {
                continue;
            }
            ColumnRef column = r.pick(mention);
            if (!r.nullable(column)) {
                continue;
            }
            String before = r.word(mention.start() - 1);
            String twoBefore = r.word(mention.start() - 2);
            String after = r.word(mention.end());
            String twoAfter = r.word(mention.end() + 1);
            boolean missing = before.equals("no") || before.equals("without") || twoBefore.equals("without")
                    || (Set.of("a", "an", "any").contains(before) && twoBefore.equals("not"))
                    || Set.of("missing", "null", "empty", "unknown").contains(after)
                    || after.equals("is") && Set.of("missing", "null", "empty", "unknown").contains(twoAfter);
            boolean present = !missing && (Set.of("a", "an").contains(before)
                    && Set.of("have", "has", "with").contains(twoBefore));
            if (missing || present) {
                r.used[index] = true;
                r.where.add(Condition.of(column, missing ? "IS NULL" : "IS NOT NULL"));
            }
        }
    }

    void readValues() {
        List<Condition> found = new ArrayList<>();
        for (int index = 0; index < r.mentions.size(); index++) {
            Mention mention = r.mentions.get(index);
            if (r.used[index] || mention.kind() != Mention.Kind.VALUE) {
                continue;
            }
            r.used[index] = true;
            int choice = 0;
            Mention named = columnMentionNear(mention);
            if (named != null) {
                for (int c = 0; c < mention.columns().size(); c++) {
                    if (named.columns().contains(mention.columns().get(c))) {
                        choice = c;
                        r.use(named);
                        break;
                    }
                }
            } else {
                choice = r.preferredCandidate(mention.columns());
            }
            ColumnRef column = mention.columns().get(choice);
            String value = mention.values().get(choice);
            boolean negated = r.negatedBefore(mention.start());
            Condition previous = found.isEmpty() ? null : found.get(found.size() - 1);
            if (previous != null && previous.column().equals(column) && !negated
                    && (previous.operator().equals("=") || previous.operator().equals("IN"))) {
                for (int k = Math.max(0, mention.start() - 3); k < mention.start(); k++) {
                    if (r.word(k).equals("or") || r.word(k).equals("and")) {
                        r.reserved.add(k);
                    }
                }
                List<Object> values = new ArrayList<>(previous.values());
                values.add(value);
                found.set(found.size() - 1, new Condition(column, "IN", values, false));
            } else {
                found.add(Condition.of(column, negated ? "<>" : "=", value));
            }
        }
        r.where.addAll(found);
    }

    void readLiterals() {
        for (int index = 0; index < r.mentions.size(); index++) {
            Mention mention = r.mentions.get(index);
            if (r.used[index] || mention.kind() != Mention.Kind.LITERAL) {
                continue;
            }
            Mention subject = r.subjectBefore(mention.start(), false);
            ColumnRef column = null;
            if (subject != null && subject.kind() == Mention.Kind.COLUMN) {
                column = r.pick(subject);
                r.use(subject);
            } else if (subject != null && subject.kind() == Mention.Kind.TABLE) {
                column = r.nameColumn(subject.tables().get(0));
            }
            if (column == null) {
                r.confidence *= 0.6;
                continue;
            }
            r.used[index] = true;
            Object value = column.numeric() ? Reading.parseNumber(mention.values().get(0)) : mention.values().get(0);
            r.where.add(Condition.of(column, r.negatedBefore(mention.start()) ? "<>" : "=",
                    value == null ? mention.values().get(0) : value));
        }
    }

    /** "cancelled or with a total below 20": an "or" left between conditions makes any of them enough. */
    void readAlternatives() {
        if (r.where.size() < 2 || r.where.stream().map(Condition::column).distinct().count() < 2) {
            return;
        }
        for (int i = 0; i < r.tokens.size(); i++) {
            if (r.word(i).equals("or") && !r.reserved.contains(i)) {
                r.anyCondition = true;
                return;
            }
        }
    }

    /**
     * "quantities for order 2": when another table the question names refers to {@code table} by a foreign key,
     * the key column there is filtered instead of joining {@code table} just for its id.
     */
    ColumnRef referencingColumn(CatalogTable table) {
        for (int index = 0; index < r.mentions.size(); index++) {
            Mention mention = r.mentions.get(index);
            if (r.used[index] || mention.kind() != Mention.Kind.COLUMN) {
                continue;
            }
            for (ColumnRef column : mention.columns()) {
                CatalogTable other = r.catalog.table(column.table()).orElse(null);
                if (other == null || other.name().equals(table.name())) {
                    continue;
                }
                for (var fk : other.references()) {
                    if (fk.referencedTable().equalsIgnoreCase(table.name())
                            && table.primaryKey().contains(fk.referencedColumn())) {
                        return Reading.columnOf(other, fk.column());
                    }
                }
            }
        }
        return null;
    }

    Mention columnMentionNear(Mention value) {
        for (int index = 0; index < r.mentions.size(); index++) {
            Mention mention = r.mentions.get(index);
            if (r.used[index] || mention.kind() != Mention.Kind.COLUMN) {
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

    Mention temporalSubject(int before) {
        for (int index = r.mentions.size() - 1; index >= 0; index--) {
            Mention mention = r.mentions.get(index);
            if (!r.used[index] && mention.end() <= before && mention.kind() == Mention.Kind.COLUMN
                    && mention.columns().stream().anyMatch(c -> c.temporal() || Reading.isYearColumn(c))) {
                return mention;
            }
        }
        for (int index = 0; index < r.mentions.size(); index++) {
            Mention mention = r.mentions.get(index);
            if (!r.used[index] && mention.kind() == Mention.Kind.COLUMN
                    && mention.columns().stream().anyMatch(c -> c.temporal() || Reading.isYearColumn(c))) {
                return mention;
            }
        }
        List<String> candidates = new ArrayList<>(r.tables);
        r.mentions.stream().filter(m -> m.kind() == Mention.Kind.TABLE).forEach(m -> candidates.addAll(m.tables()));
        r.mentions.stream().forEach(m -> m.columns().forEach(c -> candidates.add(c.table())));
        for (String table : candidates) {
            CatalogTable t = r.catalog.table(table).orElse(null);
            if (t == null) {
                continue;
            }
            for (CatalogColumn column : t.columns()) {
                ColumnRef ref = Reading.columnOf(t, column.name());
                if (ref.temporal() || Reading.isYearColumn(ref)) {
                    return new Mention(Mention.Kind.TABLE, -1, -1, List.of(t.name()), List.of(ref), List.of(), 0.8);
                }
            }
        }
        return null;
    }

    static ColumnRef temporalColumn(Mention mention) {
        return mention.columns().stream().filter(c -> c.temporal() || Reading.isYearColumn(c)).findFirst()
                .orElse(mention.columns().get(0));
    }

    Aggregate aggregateBefore(int at) {
        for (int k = at - 1; k >= 0 && k >= at - 2; k--) {
            Phrases.AggregateWord word = Phrases.AGGREGATES.get(r.word(k));
            if (word != null && !word.superlative()) {
                r.reserved.add(k);
                return word.aggregate();
            }
            if (r.word(k).equals("number") || r.word(k).equals("count")) {
                return Aggregate.COUNT;
            }
        }
        return null;
    }
}
