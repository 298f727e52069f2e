package io.lalo.rag.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lalo.governance.DocumentAcl;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalChunkIndexTest {

    private final TextAnalyzer analyzer = new TextAnalyzer();
    private final Random random = new Random(7);
    private final boolean[] allPartitions = all(8);

    private static boolean[] all(int partitions) {
        boolean[] primary = new boolean[partitions];
        Arrays.fill(primary, true);
        return primary;
    }

    private IndexedChunk chunk(String id, String tenant, String title, String text, float[] vector) {
        DocumentMeta meta = new DocumentMeta(id, title, "src", Set.of(), new DocumentAcl(tenant, Set.of(), Set.of()));
        Map<String, Integer> body = analyzer.frequencies(text);
        return new IndexedChunk(id + "#0", Math.abs(id.hashCode()) % 8, "v1", meta, body,
                analyzer.frequencies(title), body.values().stream().mapToInt(Integer::intValue).sum(), vector);
    }

    private float[] randomUnit() {
        float[] v = new float[16];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    @Test
    void bm25_scoresAndFrequencies_matchTheFormula() {
        LocalChunkIndex index = new LocalChunkIndex(16, 8);
        index.upsert(chunk("a", "t", "", "grid grid node", randomUnit()));
        index.upsert(chunk("b", "t", "", "grid cache cache cache", randomUnit()));
        index.upsert(chunk("c", "t", "", "unrelated words here", randomUnit()));
        NodeResult result = index.search(new NodeQuery(List.of("grid"), null, 10, 10, SearchFilter.NONE,
                Bm25.DEFAULT), meta -> true, allPartitions);
        assertThat(result.visibleChunks()).isEqualTo(3);
        assertThat(result.documentFrequencies()).containsExactly(2);
        assertThat(result.textCandidates()).extracting(NodeResult.TextCandidate::chunkId)
                .containsExactlyInAnyOrder("a#0", "b#0");
        NodeResult.TextCandidate a = result.textCandidates().stream().filter(c -> c.chunkId().equals("a#0"))
                .findFirst().orElseThrow();
        assertThat(a.frequencies()).containsExactly(2f);
        assertThat(a.length()).isEqualTo(3f);
        double average = result.visibleLength() / result.visibleChunks();
        double expected = Bm25.DEFAULT.termScore(Bm25.idf(2, 3), 2, 3, average);
        assertThat(expected).isGreaterThan(Bm25.DEFAULT.termScore(Bm25.idf(2, 3), 1, 4, average));
        assertThat(average).isCloseTo(10 / 3.0, within(1e-9));
    }

    @Test
    void hiddenChunks_countNowhere() {
        LocalChunkIndex index = new LocalChunkIndex(16, 8);
        index.upsert(chunk("mine", "t1", "", "espresso machine", randomUnit()));
        index.upsert(chunk("theirs", "t2", "", "espresso espresso espresso", randomUnit()));
        NodeResult result = index.search(new NodeQuery(List.of("espresso"), randomUnit(), 10, 10,
                SearchFilter.NONE, Bm25.DEFAULT), meta -> meta.acl().tenant().equals("t1"), allPartitions);
        assertThat(result.visibleChunks()).isEqualTo(1);
        assertThat(result.documentFrequencies()).containsExactly(1);
        assertThat(result.textCandidates()).extracting(NodeResult.TextCandidate::chunkId).containsExactly("mine#0");
        assertThat(result.vectorHits()).extracting(NodeResult.VectorHit::chunkId).containsExactly("mine#0");
    }

    @Test
    void topDepth_keepsTheBestScores_andDeletesDisappear() {
        LocalChunkIndex index = new LocalChunkIndex(16, 8);
        for (int i = 0; i < 50; i++) {
            index.upsert(chunk("d" + i, "t", "", "word ".repeat(1 + i % 5) + "filler text number " + i, randomUnit()));
        }
        NodeResult top = index.search(new NodeQuery(List.of("word"), null, 5, 5, SearchFilter.NONE, Bm25.DEFAULT),
                meta -> true, allPartitions);
        assertThat(top.textCandidates()).hasSize(5);
        assertThat(top.textCandidates()).allSatisfy(c -> assertThat(c.frequencies()[0]).isEqualTo(5f));
        index.remove("d4#0");
        NodeResult after = index.search(new NodeQuery(List.of("word"), null, 50, 50, SearchFilter.NONE,
                Bm25.DEFAULT), meta -> true, allPartitions);
        assertThat(after.textCandidates()).extracting(NodeResult.TextCandidate::chunkId).doesNotContain("d4#0")
                .hasSize(49);
        assertThat(index.size()).isEqualTo(49);
    }

    @Test
    void vectorSearch_findsTheNearest_throughTheGraphAtScale() {
        LocalChunkIndex index = new LocalChunkIndex(16, 8);
        float[][] vectors = new float[6_000][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = randomUnit();
            index.upsert(chunk("v" + i, "t", "", "text", vectors[i]));
        }
        float[] query = vectors[1234].clone();
        NodeResult result = index.search(new NodeQuery(List.of(), query, 5, 100, SearchFilter.NONE, Bm25.DEFAULT),
                meta -> true, allPartitions);
        assertThat(result.vectorHits().get(0).chunkId()).isEqualTo("v1234#0");
        assertThat(result.vectorHits().get(0).score()).isCloseTo(1f, within(1e-4f));
    }
}
