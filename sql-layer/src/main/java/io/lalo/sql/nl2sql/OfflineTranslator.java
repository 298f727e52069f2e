package io.lalo.sql.nl2sql;

import io.lalo.sql.catalog.Catalog;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The offline translator: question → tokens → schema links → {@link QuerySpec} → SQL and an explanation. Pure and
 * fast (no I/O besides the value index it is given; with fuzzy linking, one embedding per word that names nothing
 * as written), so it runs on the edge's worker pool in about a millisecond per question.
 */
public final class OfflineTranslator {

    private final SemanticAnnotations annotations;
    private final Clock clock;
    private final NameEmbeddings fuzzy;

    public OfflineTranslator(SemanticAnnotations annotations) {
        this(annotations, Clock.systemUTC(), null);
    }

    /** {@code clock} gives "today" for relative dates ("last month", "in the last 7 days"). */
    public OfflineTranslator(SemanticAnnotations annotations, Clock clock) {
        this(annotations, clock, null);
    }

    /** With {@code fuzzy} (may be null), words that name nothing as written link by meaning ({@link NameEmbeddings}). */
    public OfflineTranslator(SemanticAnnotations annotations, Clock clock, NameEmbeddings fuzzy) {
        this.annotations = annotations;
        this.clock = clock;
        this.fuzzy = fuzzy;
    }

    /**
     * Translates {@code question} over {@code catalog}; {@code linkable} says which columns' values may be matched
     * (those the caller may read unmasked).
     */
    public Translation translate(String question, Catalog catalog, ValueIndex.Lookup values,
                                 Predicate<ColumnRef> linkable) {
        List<Words.Token> tokens = Words.tokenize(question);
        if (tokens.stream().noneMatch(t -> t.kind() == Words.Kind.WORD)) {
            return Translation.clarify("The question has no words to translate.", List.of());
        }
        Set<Integer> reserved = QuestionReader.keywords(tokens);
        List<Mention> mentions = new Linker(catalog, new Lexicon(catalog, annotations), values, linkable, fuzzy)
                .link(tokens, reserved);
        if (mentions.isEmpty()) {
            return Translation.clarify("Nothing in the question names a table, column or value. Which table is it "
                    + "about?", catalog.tables().stream().map(t -> t.name()).toList());
        }
        QuestionReader reader = new QuestionReader(catalog, tokens, mentions, reserved, LocalDate.now(clock));
        try {
            QuerySpec spec = reader.read();
            String sql = new SqlWriter(catalog).write(spec);
            return new Translation(sql, Explainer.explain(spec), round(reader.confidence()),
                    List.copyOf(spec.tables()), null, List.of());
        } catch (QuestionReader.Unclear unclear) {
            return Translation.clarify(unclear.getMessage(), unclear.candidates);
        } catch (SqlWriter.Unjoinable unjoinable) {
            return Translation.clarify(unjoinable.getMessage() + ". Which of these tables is the question about?",
                    catalog.tables().stream().map(t -> t.name()).toList());
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
