package io.lalo.sql.nl2sql;

import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The phrases that name each table and column: the words of its name, with and without the table's own name as a
 * prefix of a column ({@code PET_AGE} in {@code PETS} is also "age"), semantic synonyms, and each single
 * distinctive word of a longer name as a weaker, partial match ("price" for {@code UNIT_PRICE}).
 */
final class Lexicon {

    /** Words too common in column names to identify one on their own. */
    private static final Set<String> GENERIC = Set.of("id", "name", "number", "no", "num", "code", "type", "date",
            "time", "year", "count", "value", "of", "the", "a", "in", "is", "at", "by", "for", "to", "and", "on",
            "info", "detail", "flag", "key");

    /** Generic words that may still stand for the one column of a table that has them ("dates" for ORDER_DATE). */
    private static final Set<String> TEMPORAL_WORDS = Set.of("date", "time", "year");

    /** A table ({@code column} null) or column named by {@code stems}; {@code score} 1 for a full name. */
    record Entry(String table, String column, List<String> stems, double score) {
        boolean isTable() {
            return column == null;
        }
    }

    private final Map<String, List<Entry>> byFirstStem = new HashMap<>();

    Lexicon(Catalog catalog, SemanticAnnotations notes) {
        for (CatalogTable table : catalog.tables()) {
            List<String> tableWords = Words.identifier(table.name());
            add(new Entry(table.name(), null, tableWords, 1.0));
            if (tableWords.size() > 1) {
                for (String word : tableWords) {
                    if (!GENERIC.contains(word)) {
                        add(new Entry(table.name(), null, List.of(word), 0.6));
                    }
                }
            }
            SemanticAnnotations.TableNotes tableNotes = notes.table(table.name());
            if (tableNotes != null) {
                tableNotes.synonyms().forEach(s -> add(new Entry(table.name(), null, Words.text(s), 1.0)));
            }
            for (CatalogColumn column : table.columns()) {
                List<String> words = Words.identifier(column.name());
                add(new Entry(table.name(), column.name(), words, 1.0));
                String whole = Words.stem(column.name().replaceAll("[_\\s\\-.]", "").toLowerCase(Locale.ROOT));
                if (words.size() > 1 && !column.name().contains("_")) {
                    // A split run-together name ("SURNAME" → sur name) is still found by the word as written.
                    add(new Entry(table.name(), column.name(), List.of(whole), 1.0));
                }
                if (words.size() > tableWords.size() && words.subList(0, tableWords.size()).equals(tableWords)) {
                    add(new Entry(table.name(), column.name(), words.subList(tableWords.size(), words.size()), 0.95));
                } else if (words.size() > 1 && tableWords.contains(words.get(0))) {
                    add(new Entry(table.name(), column.name(), words.subList(1, words.size()), 0.95));
                }
                boolean foreignKey = table.references().stream()
                        .anyMatch(fk -> fk.column().equalsIgnoreCase(column.name()));
                if (words.size() > 1 && !foreignKey) {
                    // Single words of a longer name match weakly; never for a foreign key, whose words ("caused by
                    // ship") name a relation the joins already express.
                    for (String word : words) {
                        boolean distinctive = !GENERIC.contains(word)
                                || TEMPORAL_WORDS.contains(word) && onlyColumnWith(table, word);
                        if (distinctive && !tableWords.contains(word)) {
                            add(new Entry(table.name(), column.name(), List.of(word), 0.6));
                        }
                    }
                }
                SemanticAnnotations.ColumnNotes columnNotes = notes.column(table.name(), column.name());
                if (columnNotes != null) {
                    columnNotes.synonyms().forEach(s -> add(new Entry(table.name(), column.name(), Words.text(s),
                            0.97)));
                }
            }
        }
    }

    /** Whether {@code word} ("date") appears in one column name of the table only: then it can stand for it. */
    private static boolean onlyColumnWith(CatalogTable table, String word) {
        return table.columns().stream().filter(c -> Words.identifier(c.name()).contains(word)).count() == 1;
    }

    private void add(Entry entry) {
        if (!entry.stems().isEmpty()) {
            byFirstStem.computeIfAbsent(entry.stems().get(0), k -> new ArrayList<>()).add(entry);
        }
    }

    List<Entry> startingWith(String stem) {
        List<Entry> found = new ArrayList<>();
        for (String form : Words.variants(stem)) {
            found.addAll(byFirstStem.getOrDefault(form, List.of()));
        }
        return found;
    }
}
