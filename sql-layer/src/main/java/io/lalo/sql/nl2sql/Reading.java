package io.lalo.sql.nl2sql;

import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import io.lalo.sql.nl2sql.QuerySpec.Condition;
import io.lalo.sql.nl2sql.QuerySpec.Item;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One question being read: its tokens and links, which links the grammar has already explained ({@code used}),
 * the keyword positions no link may take ({@code reserved}), and the query taking shape. The rule classes
 * ({@link ConditionRules}, {@link MeasureRules}) and {@link QuestionReader} share it; the helpers here answer the
 * questions they all ask: what is linked at a position, which mention comes before or after it, which of several
 * same-named columns the question means.
 */
final class Reading {

    final Catalog catalog;
    /** "Today" for relative dates. */
    final LocalDate today;
    final List<Words.Token> tokens;
    final List<Mention> mentions;
    final boolean[] used;
    /** Mentions consumed as grammar ("total" read as SUM): they say nothing about which tables are involved. */
    final boolean[] dropped;
    final Map<String, Double> tableVotes;
    final Set<Integer> reserved;

    final List<Condition> where = new ArrayList<>();
    boolean anyCondition;
    final List<Item> select = new ArrayList<>();
    boolean distinct;
    final List<ColumnRef> groupBy = new ArrayList<>();
    QuerySpec.Having having;
    QuerySpec.Order order;
    Integer limit;
    final Set<String> tables = new LinkedHashSet<>();
    String mainTable;
    /** The first table named, used to choose among same-named columns before the main table is settled. */
    String provisionalMain;
    boolean counting;
    double confidence = 1.0;

    Reading(Catalog catalog, List<Words.Token> tokens, List<Mention> mentions, Set<Integer> reserved,
            LocalDate today) {
        this.catalog = catalog;
        this.today = today;
        this.tokens = tokens;
        this.mentions = mentions;
        this.used = new boolean[mentions.size()];
        this.dropped = new boolean[mentions.size()];
        this.tableVotes = votes(mentions);
        this.reserved = reserved;
    }

    /** The token at {@code at} as written, lower case; empty outside the question. */
    String word(int at) {
        return lower(tokens, at);
    }

    boolean claimedNumber(int at) {
        return reserved.contains(at);
    }

    static boolean isYearColumn(ColumnRef column) {
        return column.numeric() && Words.identifier(column.column()).contains("year");
    }

    boolean isYear(int at) {
        if (at < 0 || at >= tokens.size() || tokens.get(at).kind() != Words.Kind.NUMBER) {
            return false;
        }
        String text = tokens.get(at).text();
        return text.matches("(18|19|20|21)\\d\\d");
    }

    boolean nullable(ColumnRef column) {
        return catalog.table(column.table()).flatMap(t -> t.column(column.column()))
                .map(CatalogColumn::nullable).orElse(false);
    }

    /**
     * Among candidate columns: one of the main table, else one in a table the question already involves, else the
     * one whose table the rest of the question points at most (fewest tables to join), else the first.
     */
    int preferredCandidate(List<ColumnRef> candidates) {
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
    static Map<String, Double> votes(List<Mention> mentions) {
        Map<String, Double> votes = new java.util.HashMap<>();
        for (Mention mention : mentions) {
            mention.tables().forEach(t -> votes.merge(t, 2.0, Double::sum));
            Set<String> tables = new HashSet<>();
            mention.columns().forEach(c -> tables.add(c.table()));
            tables.forEach(t -> votes.merge(t, 1.0 / tables.size(), Double::sum));
        }
        return votes;
    }

    boolean involved(List<ColumnRef> candidates) {
        Set<String> involved = involvedTables();
        return candidates.stream().anyMatch(c -> involved.contains(c.table()) || c.table().equals(mainTable));
    }

    Set<String> involvedTables() {
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

    ColumnRef pick(Mention mention) {
        return mention.columns().get(preferredCandidate(mention.columns()));
    }

    ColumnRef numericFirst(Mention mention) {
        int preferred = preferredCandidate(mention.columns());
        ColumnRef first = mention.columns().isEmpty() ? null : mention.columns().get(preferred);
        if (first != null && (first.numeric() || first.temporal())) {
            return first;
        }
        return mention.columns().stream().filter(c -> c.numeric() || c.temporal()).findFirst().orElse(first);
    }

    ColumnRef textFirst(Mention mention) {
        int preferred = preferredCandidate(mention.columns());
        ColumnRef first = mention.columns().get(preferred);
        return first.text() ? first : mention.columns().stream().filter(ColumnRef::text).findFirst().orElse(first);
    }

    /** A table's naming column: NAME or TITLE, else one whose name ends in "name", else null. */
    ColumnRef nameColumn(String tableName) {
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
        for (CatalogColumn column : table.columns()) {
            // CONTINENTS.CONTINENT: a text column named after its own table names the rows.
            ColumnRef ref = columnOf(table, column.name());
            if (ref.text() && !column.primaryKey() && Words.identifier(column.name()).equals(tableWords)) {
                return ref;
            }
        }
        return null;
    }

    /** How a group of rows of {@code tableName} is named: its naming column, else its single-column key. */
    ColumnRef groupKey(String tableName) {
        ColumnRef name = nameColumn(tableName);
        if (name != null) {
            return name;
        }
        CatalogTable table = catalog.table(tableName).orElse(null);
        return table == null || table.primaryKey().size() != 1 ? null : columnOf(table, table.primaryKey().get(0));
    }

    /** Whether {@code column} is a foreign key of its table (it names a relation as much as a value). */
    boolean foreignKey(ColumnRef column) {
        return catalog.table(column.table()).map(t -> t.references().stream()
                .anyMatch(fk -> fk.column().equalsIgnoreCase(column.column()))).orElse(false);
    }

    static ColumnRef columnOf(CatalogTable table, String column) {
        return new ColumnRef(table.name(), column, table.column(column).orElseThrow().type());
    }

    Mention subjectBefore(int at, boolean columnsOnly) {
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

    Mention subjectAfter(int at, boolean columnsOnly) {
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

    Mention columnAfter(int at, int window) {
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

    boolean sentenceEndsBetween(int from, int to) {
        for (int k = from; k < to; k++) {
            if (tokens.get(k).kind() == Words.Kind.PUNCTUATION && !tokens.get(k).text().equals(",")) {
                return true;
            }
        }
        return false;
    }

    static boolean measurable(ColumnRef column) {
        return column != null && (column.numeric() || column.temporal());
    }

    Mention bestColumnAfter(int at, int window) {
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

    Mention firstUnused(Mention.Kind... kinds) {
        for (int index = 0; index < mentions.size(); index++) {
            if (!used[index] && List.of(kinds).contains(mentions.get(index).kind())) {
                return mentions.get(index);
            }
        }
        return null;
    }

    void use(Mention mention) {
        int index = mentions.indexOf(mention);
        if (index >= 0) {
            used[index] = true;
        }
        if (mention.kind() == Mention.Kind.TABLE) {
            tables.addAll(mention.tables().subList(0, 1));
        }
    }

    int covering(int position) {
        for (int index = 0; index < mentions.size(); index++) {
            Mention mention = mentions.get(index);
            if (mention.start() <= position && position < mention.end()) {
                return index;
            }
        }
        return -1;
    }

    boolean negatedBefore(int at) {
        for (List<String> phrase : Phrases.NEGATIONS) {
            for (int start = Math.max(0, at - 4); start < at; start++) {
                if (matches(start, phrase) && start + phrase.size() <= at) {
                    return true;
                }
            }
        }
        return false;
    }

    String comparatorEndingAt(int end) {
        for (Map.Entry<String, List<List<String>>> entry : Phrases.COMPARATORS.entrySet()) {
            for (List<String> phrase : entry.getValue()) {
                if (matches(end - phrase.size() + 1, phrase)) {
                    return entry.getKey();
                }
            }
        }
        return null;
    }

    boolean containsAny(List<List<String>> phrases) {
        for (List<String> phrase : phrases) {
            for (int i = 0; i < tokens.size(); i++) {
                if (matches(i, phrase)) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean matches(int start, List<String> phrase) {
        if (start < 0 || start + phrase.size() > tokens.size()) {
            return false;
        }
        for (int k = 0; k < phrase.size(); k++) {
            if (!word(start + k).equals(phrase.get(k))) {
                return false;
            }
        }
        return true;
    }

    BigDecimal number(int at) {
        if (at < 0 || at >= tokens.size() || tokens.get(at).kind() != Words.Kind.NUMBER) {
            return null;
        }
        return new BigDecimal(tokens.get(at).text());
    }

    static BigDecimal parseNumber(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String lower(List<Words.Token> tokens, int at) {
        if (at < 0 || at >= tokens.size()) {
            return "";
        }
        return tokens.get(at).text().toLowerCase(Locale.ROOT);
    }
}
