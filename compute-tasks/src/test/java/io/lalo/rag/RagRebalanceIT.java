package io.lalo.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

/**
 * The per-node index follows partition ownership: a node that joins takes over the index of the partitions it
 * becomes primary for, and when it leaves the remaining node indexes them again — with the same search answers
 * throughout.
 */
class RagRebalanceIT {

    @TempDir
    Path dir;

    static final Principal USER = new Principal("pat", "acme", Set.of("viewer", "analyst"), Map.of());

    @Test
    void indexFollowsPartitions_whenANodeJoinsAndLeaves() {
        TestPorts ports = TestPorts.allocate();
        Map<String, String> settings = Map.of("storage.persistence", "false", "cluster.backups", "1",
                "rag.resultCache.entries", "0");
        LaloNode first = LaloNode.server(TestConfigs.config(ports, dir, 0, settings));
        first.start();
        Governance firstGovernance = new Governance(first);
        firstGovernance.startAsync().join();
        Rag firstRag = new Rag(first, firstGovernance, true);
        firstRag.startAsync().join();
        try {
            for (RagCorpus.Doc doc : RagCorpus.docs()) {
                firstRag.ingestion().ingest(new IngestRequest(doc.id(), doc.title(), "handbook", Set.of(), Set.of(),
                        Set.of(), doc.text().getBytes(StandardCharsets.UTF_8), DocumentFormat.TEXT, USER));
            }
            long chunks = firstRag.store().chunkCache().sizeLong();
            await().atMost(Duration.ofSeconds(10)).until(() -> size(firstRag) == chunks);
            List<String> before = ids(firstRag);

            LaloNode second = LaloNode.server(TestConfigs.config(ports, dir, 1, settings));
            second.start();
            Governance secondGovernance = new Governance(second);
            secondGovernance.startAsync().join();
            Rag secondRag = new Rag(second, secondGovernance, false);
            secondRag.startAsync().join();
            await().atMost(Duration.ofSeconds(30)).until(() -> size(secondRag) > 0
                    && size(firstRag) + size(secondRag) == chunks && size(firstRag) < chunks);
            assertThat(secondGovernance.policies().current().policies())
                    .as("a node that joins an in-memory cluster sees the policies").isNotEmpty();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ids(firstRag)).isEqualTo(before));

            secondRag.stopAsync().join();
            secondGovernance.stopAsync().join();
            second.stopAsync().join();
            await().atMost(Duration.ofSeconds(30)).until(() -> size(firstRag) == chunks);
            assertThat(ids(firstRag)).isEqualTo(before);
        } finally {
            firstRag.stopAsync().join();
            firstGovernance.stopAsync().join();
            first.stopAsync().join();
        }
    }

    private static int size(Rag rag) {
        return rag.indexer().orElseThrow().index().size();
    }

    private static List<String> ids(Rag rag) {
        return rag.search().search(USER, new SearchRequest("policy reviewed this quarter handbook", 20,
                SearchMode.HYBRID, SearchFilter.NONE, 0)).hits().stream().map(SearchHit::chunkId).toList();
    }
}
