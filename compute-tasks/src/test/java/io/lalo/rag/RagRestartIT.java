package io.lalo.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lalo.config.LaloConfig;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.grid.LaloNode;
import io.lalo.rag.index.SearchFilter;
import io.lalo.rag.ingest.DocumentFormat;
import io.lalo.rag.ingest.IngestRequest;
import io.lalo.rag.search.SearchHit;
import io.lalo.rag.search.SearchMode;
import io.lalo.rag.search.SearchRequest;
import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Documents survive a restart of a persistent node, and the index is rebuilt from the cache when it starts. */
class RagRestartIT {

    @TempDir
    Path dir;

    static final Principal USER = new Principal("pat", "acme", Set.of("viewer", "analyst"), Map.of());

    private record Running(LaloNode node, Governance governance, Rag rag) {
        void stop() {
            rag.stopAsync().join();
            governance.stopAsync().join();
            node.stopAsync().join();
        }
    }

    private static Running start(LaloConfig config) {
        LaloNode node = LaloNode.server(config);
        node.start();
        Governance governance = new Governance(node);
        governance.startAsync().join();
        Rag rag = new Rag(node, governance, true);
        rag.startAsync().join();
        return new Running(node, governance, rag);
    }

    private static List<String> search(Rag rag, String query) {
        return rag.search().search(USER, new SearchRequest(query, 5, SearchMode.HYBRID, SearchFilter.NONE, 0))
                .hits().stream().map(SearchHit::docId).toList();
    }

    @Test
    void restartedNode_rebuildsItsIndex_fromTheStoredChunks() {
        LaloConfig config = TestConfigs.config(TestPorts.allocate(), dir, 0, Map.of("rag.resultCache.entries", "0"));
        Running first = start(config);
        long chunks;
        try {
            for (RagCorpus.Doc doc : RagCorpus.docs()) {
                first.rag().ingestion().ingest(new IngestRequest(doc.id(), doc.title(), "handbook", Set.of(),
                        Set.of(), Set.of(), doc.text().getBytes(StandardCharsets.UTF_8), DocumentFormat.TEXT, USER));
            }
            chunks = first.rag().store().chunkCache().sizeLong();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    first.rag().indexer().orElseThrow().index().size() == chunks);
            assertThat(search(first.rag(), "tls certificates rotated")).first().isEqualTo("doc-certificates");
        } finally {
            first.stop();
        }
        Running second = start(config);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    second.rag().indexer().orElseThrow().index().size() == chunks);
            assertThat(search(second.rag(), "tls certificates rotated")).first().isEqualTo("doc-certificates");
            assertThat(second.rag().store().get("doc-refunds")).isPresent();
        } finally {
            second.stop();
        }
    }
}
