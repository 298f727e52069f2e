package io.lalo.sql.nl2sql;

import io.lalo.rag.embed.Embedder;
import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Fuzzy schema linking: a word of the question that names no table, column or value as written ("pupils",
 * "earnings", "automobiles") is compared, by its sentence embedding (the in-process MiniLM model RAG uses), with
 * the names of the schema's tables and columns, each read as words ("STU_FNAME" → "stu fname"). It links to the
 * closest name when that is close enough ({@link #THRESHOLD}) and clearly closer than any other name
 * ({@link #MARGIN}): words that are merely related ("teacher" / "student", 0.65) usually have a rival and stay
 * unlinked. Measured on all-MiniLM-L6-v2: synonyms score 0.59–0.87 (cost/price 0.74, pupils/students 0.66,
 * town/city 0.77, film/movie 0.86), unrelated words 0.17–0.39.
 *
 * <p>Name vectors are kept by name, so a schema is embedded once (about a millisecond per name); a word costs one
 * embedding (about a millisecond).
 */
public final class NameEmbeddings {

    static final double THRESHOLD = 0.65;
    static final double MARGIN = 0.04;
    private static final int MAX_CACHED = 100_000;

    /** Words too vague to stand for a name, however close their vector comes. */
    private static final java.util.Set<String> VAGUE = java.util.Set.of("information", "info", "detail", "details",
            "record", "records", "entry", "entries", "data", "thing", "things", "item", "items", "result", "results",
            "row", "rows", "value", "values", "people", "person", "someone", "anyone", "everyone", "ones", "kind",
            "kinds", "type", "types", "sort", "lot", "lots", "amount", "figure", "figures", "total", "name", "names");

    /** The closest name to a word: a table ({@code column} null) or a column, and how close. */
    record Match(String table, String column, double similarity) {
    }

    private final Supplier<Embedder> embedder;
    private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

    /** @param embedder the embedder, or a supplier answering null while it is not ready (then nothing is linked) */
    public NameEmbeddings(Supplier<Embedder> embedder) {
        this.embedder = embedder;
    }

    /**
     * The tables or columns {@code word} stands for — every name that reads as the closest phrase ("NAME" of two
     * tables) — when that phrase is close enough and clearly the closest; empty otherwise.
     */
    List<Match> nearest(String word, Catalog catalog) {
        String text = word.toLowerCase(java.util.Locale.ROOT);
        Embedder model = embedder.get();
        if (model == null || text.length() < 3 || VAGUE.contains(text) || !text.chars().allMatch(Character::isLetter)) {
            return List.of();
        }
        Map<String, List<Match>> byPhrase = new java.util.LinkedHashMap<>();
        for (CatalogTable table : catalog.tables()) {
            byPhrase.computeIfAbsent(phrase(table.name()), p -> new ArrayList<>()).add(new Match(table.name(), null, 0));
            for (CatalogColumn column : table.columns()) {
                byPhrase.computeIfAbsent(phrase(column.name()), p -> new ArrayList<>())
                        .add(new Match(table.name(), column.name(), 0));
            }
        }
        List<String> texts = new ArrayList<>();
        texts.add(text);
        byPhrase.keySet().stream().filter(p -> !vectors.containsKey(p)).forEach(texts::add);
        List<float[]> embedded = model.embed(texts);
        if (vectors.size() + texts.size() > MAX_CACHED) {
            vectors.clear();
        }
        for (int i = 1; i < texts.size(); i++) {
            vectors.put(texts.get(i), embedded.get(i));
        }
        float[] query = embedded.get(0);
        String best = null;
        double top = -1;
        double second = -1;
        for (String phrase : byPhrase.keySet()) {
            float[] name = vectors.get(phrase);
            double similarity = name == null ? -1 : dot(query, name);
            if (similarity > top) {
                second = top;
                top = similarity;
                best = phrase;
            } else if (similarity > second) {
                second = similarity;
            }
        }
        if (best == null || top < THRESHOLD || top - second < MARGIN) {
            return List.of();
        }
        double similarity = top;
        return byPhrase.get(best).stream().map(m -> new Match(m.table(), m.column(), similarity)).toList();
    }

    /** An identifier as plain lower-case words: "STU_FNAME" → "stu fname", "HomeTown" → "home town". */
    static String phrase(String identifier) {
        return String.join(" ", identifier.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)
                .split("[_\\s\\-.]+")).strip();
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
