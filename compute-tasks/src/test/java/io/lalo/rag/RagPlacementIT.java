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
import io.lalo.testing.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the data lives must not change the answer: the same corpus on one node and spread over two gives the same
 * passages in the same order with the same scores, in every mode (BM25 is rescored with grid-wide statistics).
 */
class RagPlacementIT {

    @TempDir
    static Path dir;

    static final Principal USER = new Principal("pat", "acme", Set.of("viewer", "analyst"), Map.of());
    static final List<Grid> grids = new ArrayList<>();

    record Grid(TestCluster cluster, List<Governance> governance, List<Rag> rag) {
        Rag front() {
            return rag.get(0);
        }

        int indexed() {
            return rag.stream().mapToInt(r -> r.indexer().orElseThrow().index().size()).sum();
        }
    }

    @BeforeAll
    static void start() {
        for (int size : new int[] {1, 2}) {
            TestCluster cluster = TestCluster.start(dir.resolve("grid-" + size), size,
                    Map.of("storage.persistence", "false", "cluster.backups", "1", "rag.resultCache.entries", "0"));
            List<Governance> governance = new ArrayList<>();
            List<Rag> rag = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                LaloNode node = cluster.node(i);
                Governance g = new Governance(node);
                g.startAsync().join();
                Rag r = new Rag(node, g, i == 0);
                r.startAsync().join();
                governance.add(g);
                rag.add(r);
            }
            Grid grid = new Grid(cluster, governance, rag);
            grids.add(grid);
            for (RagCorpus.Doc doc : RagCorpus.docs()) {
                grid.front().ingestion().ingest(new IngestRequest(doc.id(), doc.title(), "handbook", Set.of(),
                        Set.of(), Set.of(), doc.text().getBytes(StandardCharsets.UTF_8), DocumentFormat.TEXT, USER));
            }
            long chunks = grid.front().store().chunkCache().sizeLong();
            await().atMost(Duration.ofSeconds(20)).until(() -> grid.indexed() == chunks);
        }
    }

    @AfterAll
    static void stop() {
        for (Grid grid : grids) {
            for (int i = grid.rag().size() - 1; i >= 0; i--) {
                grid.rag().get(i).stopAsync().join();
                grid.governance().get(i).stopAsync().join();
            }
            grid.cluster().close();
        }
    }

    @Test
    void twoNodes_answerExactlyLikeOne_inEveryMode() {
        Grid one = grids.get(0);
        Grid two = grids.get(1);
        assertThat(two.rag().get(1).indexer().orElseThrow().index().size()).isPositive();
        for (String query : List.of("how often are certificates rotated", "refunds business days",
                "the policy was reviewed this quarter", "espresso machine", "who gets a mentor")) {
            for (SearchMode mode : SearchMode.values()) {
                SearchRequest request = new SearchRequest(query, 10, mode, SearchFilter.NONE, 0);
                List<SearchHit> single = one.front().search().search(USER, request).hits();
                List<SearchHit> spread = two.front().search().search(USER, request).hits();
                assertThat(single).as("%s / %s", mode, query).isNotEmpty();
                assertThat(spread).extracting(SearchHit::chunkId).as("%s / %s", mode, query)
                        .containsExactlyElementsOf(single.stream().map(SearchHit::chunkId).toList());
                for (int i = 0; i < single.size(); i++) {
                    assertThat(spread.get(i).score()).isCloseTo(single.get(i).score(),
                            org.assertj.core.data.Offset.offset(1e-9));
                }
            }
        }
    }
}
