package io.lalo.rag.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {

    private static MiniLmEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = MiniLmEmbedder.load();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void vectors_areUnitLength_with384Dimensions() {
        List<float[]> vectors = embedder.embed(List.of("The cat sat on the mat.", "x"));
        assertThat(vectors).hasSize(2);
        for (float[] vector : vectors) {
            assertThat(vector).hasSize(384);
            double norm = 0;
            for (float v : vector) {
                norm += v * v;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void similarMeaning_scoresHigherThanUnrelatedText() {
        List<float[]> v = embedder.embed(List.of("How do I reset my password?",
                "Steps to recover a forgotten login password", "Quarterly revenue grew by eight percent"));
        assertThat(dot(v.get(0), v.get(1))).isGreaterThan(dot(v.get(0), v.get(2)) + 0.2);
    }

    @Test
    void vector_dependsOnlyOnItsText_notOnBatchNeighbours() {
        List<String> texts = List.of("short", "a considerably longer sentence that forces padding of the first one");
        List<float[]> batched = embedder.embed(texts);
        for (int i = 0; i < texts.size(); i++) {
            float[] single = embedder.embed(List.of(texts.get(i))).get(0);
            assertThat(dot(batched.get(i), single)).isGreaterThan(0.999999);
        }
    }

    @Test
    void tokenSpans_pointIntoTheText_inModelWordPieces() {
        String text = "Embeddings tokenize unbelievably";
        List<Embedder.TokenSpan> spans = embedder.tokenSpans(text);
        assertThat(spans.size()).isGreaterThan(3);
        assertThat(text.substring(spans.get(0).start(), spans.get(0).end())).isEqualTo("Em");
        assertThat(spans.get(spans.size() - 1).end()).isEqualTo(text.length());
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
