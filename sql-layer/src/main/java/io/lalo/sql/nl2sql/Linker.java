package io.lalo.sql.nl2sql;

import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Schema linking: finds, left to right and longest first, the spans of a question that name a table or column
 * ({@link Lexicon}) or a value in the data ({@link ValueIndex}). When a span is both a name and a value, a
 * capitalised or quoted span is taken as the value ("the Outdoor category"), otherwise as the name.
 */
final class Linker {

    /** Words that never start a link: question words, function words, the grammar's own keywords. */
    static final Set<String> STOP = Set.of("a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with",
            "and", "or", "not", "no", "is", "are", "was", "were", "be", "been", "do", "doe", "did", "ha", "has", "have",
            "had", "what", "which", "who", "whom", "whose", "where", "when", "how", "many", "much", "show", "list",
            "give", "find", "display", "return", "tell", "me", "all", "each", "every", "per", "that", "this", "those",
            "these", "their", "its", "it", "they", "them", "there", "than", "more", "less", "most", "least", "greater",
            "fewer", "average", "total", "sum", "number", "count", "maximum", "minimum", "max", "min", "highest",
            "lowest", "largest", "smallest", "order", "ordered", "sort", "sorted", "descending", "ascending",
            "distinct", "different", "unique", "between", "from", "into", "as", "any", "also", "only", "both",
            "top", "first", "last", "name", "named", "called", "i", "we", "you", "our", "my", "please", "get",
            "want", "need", "can", "could", "would", "should", "will", "so", "if", "then", "else", "other", "same",
            "about", "over", "under", "above", "below", "equal", "like", "contain", "containing", "include", "after",
            "before", "since", "during", "year", "month", "day", "some", "such", "up", "out", "off", "own", "new",
            "one", "two", "three", "together", "along", "including", "whether", "exist", "exists");

    private final Catalog catalog;
    private final Lexicon lexicon;
    private final ValueIndex.Lookup values;
    private final Predicate<ColumnRef> linkable;
    private final NameEmbeddings fuzzy;

    /** {@code linkable} says which columns the caller may see values of: others are never matched by value. */
    Linker(Catalog catalog, Lexicon lexicon, ValueIndex.Lookup values, Predicate<ColumnRef> linkable) {
        this(catalog, lexicon, values, linkable, null);
    }

    /** With {@code fuzzy}, a word that names nothing as written may still link to the name closest in meaning. */
    Linker(Catalog catalog, Lexicon lexicon, ValueIndex.Lookup values, Predicate<ColumnRef> linkable,
           NameEmbeddings fuzzy) {
        this.catalog = catalog;
        this.lexicon = lexicon;
        this.values = values;
        this.linkable = linkable;
        this.fuzzy = fuzzy;
    }

    /** Links {@code tokens}; positions in {@code reserved} are grammar keywords ("ordered by") and never linked. */
    List<Mention> link(List<Words.Token> tokens, Set<Integer> reserved) {
        List<Mention> mentions = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            Words.Token token = tokens.get(i);
            if (reserved.contains(i)) {
                i++;
                continue;
            }
            if (token.kind() == Words.Kind.QUOTED) {
                mentions.add(valueOrLiteral(i, token.text()));
                i++;
                continue;
            }
            Mention found = token.kind() == Words.Kind.WORD ? longestAt(tokens, i, reserved) : null;
            if (found == null && token.kind() == Words.Kind.WORD && fuzzy != null && !STOP.contains(token.stem())) {
                found = closestInMeaning(i, token);
            }
            if (found == null) {
                i++;
            } else {
                mentions.add(found);
                i = found.end();
            }
        }
        return coordinated(tokens, compounds(mentions));
    }

    /**
     * "region name", "product category": a table followed by one of its columns is that table's column, not a
     * mention of the table and an unqualified column.
     */
    private static List<Mention> compounds(List<Mention> mentions) {
        List<Mention> result = new ArrayList<>();
        for (int k = 0; k < mentions.size(); k++) {
            Mention current = mentions.get(k);
            Mention next = k + 1 < mentions.size() ? mentions.get(k + 1) : null;
            if (current.kind() == Mention.Kind.TABLE && next != null && next.kind() == Mention.Kind.COLUMN
                    && next.start() == current.end()) {
                List<ColumnRef> own = next.columns().stream().filter(c -> current.tables().contains(c.table()))
                        .toList();
                if (!own.isEmpty()) {
                    result.add(new Mention(Mention.Kind.COLUMN, current.start(), next.end(), List.of(), own,
                            List.of(), Math.min(1.0, next.score() + 0.05)));
                    k++;
                    continue;
                }
            }
            result.add(current);
        }
        return result;
    }

    /** "first and last names": a word before "and" shares the rest of the column name after it. */
    private List<Mention> coordinated(List<Words.Token> tokens, List<Mention> mentions) {
        List<Mention> result = new ArrayList<>(mentions);
        for (Mention mention : mentions) {
            int and = mention.start() - 1;
            int word = mention.start() - 2;
            if (mention.kind() != Mention.Kind.COLUMN || word < 0 || !tokens.get(and).text().equalsIgnoreCase("and")
                    || tokens.get(word).kind() != Words.Kind.WORD || mention.end() - mention.start() < 2
                    || covered(result, word)) {
                continue;
            }
            List<String> stems = new ArrayList<>();
            stems.add(tokens.get(word).stem());
            for (int k = mention.start() + 1; k < mention.end(); k++) {
                stems.add(tokens.get(k).stem());
            }
            List<Lexicon.Entry> named = matching(lexicon.startingWith(stems.get(0)), stems);
            if (!named.isEmpty()) {
                Mention shared = nameMention(word, word + 1, named);
                if (shared.kind() == Mention.Kind.COLUMN) {
                    result.add(result.indexOf(mention), shared);
                }
            }
        }
        return result;
    }

    private static boolean covered(List<Mention> mentions, int position) {
        return mentions.stream().anyMatch(m -> m.start() <= position && position < m.end());
    }

    private Mention valueOrLiteral(int at, String text) {
        List<ValueIndex.Value> found = visible(values.find(Words.text(text)));
        if (found.isEmpty()) {
            return new Mention(Mention.Kind.LITERAL, at, at + 1, List.of(), List.of(), List.of(text), 1.0);
        }
        return valueMention(at, at + 1, found);
    }

    private Mention longestAt(List<Words.Token> tokens, int start, Set<Integer> reserved) {
        if (STOP.contains(tokens.get(start).stem()) && lexicon.startingWith(tokens.get(start).stem()).isEmpty()) {
            return null;
        }
        int maxEnd = start;
        while (maxEnd < tokens.size() && maxEnd - start < 6 && tokens.get(maxEnd).kind() == Words.Kind.WORD
                && !reserved.contains(maxEnd)) {
            maxEnd++;
        }
        if (maxEnd - start >= 2) {
            // "high schoolers" for HIGHSCHOOLER, "home town" for HOMETOWN: two words written as one in the schema.
            String joined = Words.stem(tokens.get(start).text() + tokens.get(start + 1).text());
            List<Lexicon.Entry> named = matching(lexicon.startingWith(joined), List.of(joined));
            if (!named.isEmpty()) {
                return nameMention(start, start + 2, named);
            }
        }
        List<Lexicon.Entry> entries = lexicon.startingWith(tokens.get(start).stem());
        for (int end = maxEnd; end > start; end--) {
            List<String> stems = new ArrayList<>();
            for (int k = start; k < end; k++) {
                stems.add(tokens.get(k).stem());
            }
            List<Lexicon.Entry> named = matching(entries, stems);
            boolean onlyStopWords = stems.stream().allMatch(STOP::contains);
            List<ValueIndex.Value> valued = onlyStopWords ? List.of() : visible(values.find(stems));
            if (named.isEmpty() && valued.isEmpty()) {
                continue;
            }
            boolean properNoun = start > 0 && Character.isUpperCase(tokens.get(start).text().charAt(0));
            if (!valued.isEmpty() && (named.isEmpty() || properNoun || bestScore(named) < 0.9)) {
                return valueMention(start, end, valued);
            }
            return nameMention(start, end, named);
        }
        return null;
    }

    /** A weaker link (score 0.55) to the name closest in meaning, when there is a clear one. */
    private Mention closestInMeaning(int at, Words.Token token) {
        List<Lexicon.Entry> entries = fuzzy.nearest(token.text(), catalog).stream()
                .map(match -> new Lexicon.Entry(match.table(), match.column(), List.of(token.stem()), 0.55))
                .toList();
        return entries.isEmpty() ? null : nameMention(at, at + 1, entries);
    }

    private static List<Lexicon.Entry> matching(List<Lexicon.Entry> entries, List<String> stems) {
        List<Lexicon.Entry> found = new ArrayList<>();
        for (Lexicon.Entry entry : entries) {
            if (entry.stems().size() == stems.size() && entry.stems().subList(1, stems.size())
                    .equals(stems.subList(1, stems.size()))) {
                found.add(entry);
            }
        }
        return found;
    }

    private static double bestScore(List<Lexicon.Entry> entries) {
        return entries.stream().mapToDouble(Lexicon.Entry::score).max().orElse(0);
    }

    /** Table matches win over column matches of the same words; among either, the best-scored entries. */
    private Mention nameMention(int start, int end, List<Lexicon.Entry> entries) {
        double best = bestScore(entries);
        List<Lexicon.Entry> top = entries.stream().filter(e -> e.score() >= best - 1e-9).toList();
        List<String> tables = top.stream().filter(Lexicon.Entry::isTable).map(Lexicon.Entry::table).distinct()
                .toList();
        if (!tables.isEmpty()) {
            return new Mention(Mention.Kind.TABLE, start, end, tables, List.of(), List.of(), best);
        }
        Map<String, ColumnRef> columns = new LinkedHashMap<>();
        for (Lexicon.Entry entry : top) {
            CatalogTable table = catalog.table(entry.table()).orElseThrow();
            table.column(entry.column()).ifPresent(c -> columns.put(entry.table() + "." + entry.column(),
                    new ColumnRef(entry.table(), entry.column(), c.type())));
        }
        return new Mention(Mention.Kind.COLUMN, start, end, List.of(), List.copyOf(columns.values()), List.of(),
                best);
    }

    private static Mention valueMention(int start, int end, List<ValueIndex.Value> found) {
        List<ColumnRef> columns = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (ValueIndex.Value value : found) {
            columns.add(value.column());
            texts.add(value.value());
        }
        return new Mention(Mention.Kind.VALUE, start, end, List.of(), columns, texts, 1.0);
    }

    private List<ValueIndex.Value> visible(List<ValueIndex.Value> found) {
        return found.stream().filter(value -> linkable.test(value.column())).toList();
    }
}
