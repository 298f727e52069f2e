package io.lalo.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lalo.rag.embed.MiniLmEmbedder;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    private static MiniLmEmbedder model;
    private final DocumentParser parser = new DocumentParser();

    @BeforeAll
    static void load() {
        model = MiniLmEmbedder.load();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void everyChunk_fitsTheTokenBudget_andPointsIntoTheText() {
        String body = IntStream.range(0, 120).mapToObj(i -> "Sentence number " + i + " talks about grid nodes.")
                .collect(Collectors.joining(" "));
        ParsedDocument doc = parser.parseText(body, DocumentFormat.TEXT, "t");
        List<Chunk> chunks = new Chunker(model, 64, 16).chunk(doc);
        assertThat(chunks.size()).isGreaterThan(10);
        for (Chunk chunk : chunks) {
            assertThat(model.tokenSpans(chunk.text()).size()).isLessThanOrEqualTo(64);
            assertThat(doc.text().substring(chunk.start(), chunk.end())).isEqualTo(chunk.text());
        }
        assertThat(chunks.get(chunks.size() - 1).end()).isEqualTo(doc.text().length());
    }

    @Test
    void consecutiveChunks_overlapByWholeSentences() {
        String body = IntStream.range(0, 40).mapToObj(i -> "Fact " + i + " is stated here.")
                .collect(Collectors.joining(" "));
        List<Chunk> chunks = new Chunker(model, 48, 12).chunk(parser.parseText(body, DocumentFormat.TEXT, "t"));
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).start()).isLessThan(chunks.get(i - 1).end());
            assertThat(chunks.get(i).text()).startsWith("Fact ");
        }
    }

    @Test
    void headings_startNewChunks_andLabelTheirSection() {
        String section = IntStream.range(0, 12).mapToObj(i -> "Detail " + i + " of this part.")
                .collect(Collectors.joining(" "));
        ParsedDocument doc = parser.parseText("# Guide\n\n## Install\n\n" + section + "\n\n## Upgrade\n\n" + section,
                DocumentFormat.MARKDOWN, null);
        List<Chunk> chunks = new Chunker(model, 200, 20).chunk(doc);
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).text()).startsWith("Guide").doesNotContain("Upgrade");
        assertThat(chunks.get(1).text()).startsWith("Upgrade");
        assertThat(chunks.get(1).section()).isEqualTo("Guide › Upgrade");
    }

    @Test
    void overLongSentence_isCutAtTokenBoundaries() {
        String run = IntStream.range(0, 400).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
        List<Chunk> chunks = new Chunker(model, 100, 10).chunk(parser.parseText(run, DocumentFormat.TEXT, "t"));
        assertThat(chunks.size()).isGreaterThan(3);
        String joined = chunks.stream().map(Chunk::text).collect(Collectors.joining(" "));
        assertThat(joined).contains("word0 ").contains("word399");
        chunks.forEach(c -> assertThat(model.tokenSpans(c.text()).size()).isLessThanOrEqualTo(100));
    }

    @Test
    void budgetsOutsideTheModel_areRefused() {
        assertThatThrownBy(() -> new Chunker(model, 512, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Chunker(model, 100, 60)).isInstanceOf(IllegalArgumentException.class);
    }
}
