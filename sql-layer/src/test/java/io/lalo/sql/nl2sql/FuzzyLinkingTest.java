package io.lalo.sql.nl2sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.rag.embed.MiniLmEmbedder;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Words that name no table or column as written link by meaning, with the real all-MiniLM-L6-v2 model, on the
 * library schema of {@link OfflineTranslatorTest} (never tuned on): without the embeddings the same questions are
 * not understood.
 */
class FuzzyLinkingTest {

    static MiniLmEmbedder model;
    static NameEmbeddings fuzzy;

    @BeforeAll
    static void load() {
        model = MiniLmEmbedder.load();
        fuzzy = new NameEmbeddings(() -> model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Translation translate(String question, NameEmbeddings names) {
        return new OfflineTranslator(SemanticAnnotations.NONE, Clock.systemUTC(), names).translate(question,
                OfflineTranslatorTest.CATALOG, stems -> OfflineTranslatorTest.VALUES.getOrDefault(String.join(" ",
                        stems), List.of()), column -> true);
    }

    @Test
    void synonymOfATable_linksByMeaning() {
        assertThat(translate("How many novels are there?", null).needsClarification()).isTrue();
        assertThat(translate("How many novels are there?", fuzzy).sql()).isEqualTo("SELECT COUNT(*) FROM BOOKS");
    }

    @Test
    void synonymOfAColumn_linksByMeaning() {
        Translation plain = translate("What is the average length in pages of books?", null);
        assertThat(plain.sql()).isEqualTo("SELECT AVG(PAGES) FROM BOOKS");
        assertThat(translate("List the nation of every author", fuzzy).sql())
                .isEqualTo("SELECT COUNTRY FROM AUTHORS");
        assertThat(translate("List the nation of every author", null).sql()).doesNotContain("COUNTRY");
    }

    @Test
    void vagueOrUnrelatedWords_stayUnlinked() {
        assertThat(fuzzy.nearest("records", OfflineTranslatorTest.CATALOG)).isEmpty();
        assertThat(fuzzy.nearest("weather", OfflineTranslatorTest.CATALOG)).isEmpty();
        assertThat(fuzzy.nearest("42", OfflineTranslatorTest.CATALOG)).isEmpty();
        assertThat(fuzzy.nearest("novels", OfflineTranslatorTest.CATALOG)).extracting(NameEmbeddings.Match::table)
                .containsExactly("BOOKS");
    }
}
