package io.lalo.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.grid.LaloNode;
import io.lalo.rag.index.SearchFilter;
import io.lalo.rag.ingest.DocumentFormat;
import io.lalo.rag.ingest.IngestRequest;
import io.lalo.rag.ingest.IngestResult;
import io.lalo.rag.ingest.InvalidDocumentException;
import io.lalo.rag.search.SearchHit;
import io.lalo.rag.search.SearchMode;
import io.lalo.rag.search.SearchRequest;
import io.lalo.rag.search.SearchResponse;
import io.lalo.rag.store.DocumentStore;
import io.lalo.testing.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest and search on a real two-node grid: the index follows the data, access control holds inside the nodes. */
class RagIT {

    @TempDir
    static Path dir;

    static TestCluster cluster;
    static Governance[] governance = new Governance[2];
    static Rag[] rag = new Rag[2];

    static final Principal ALICE = new Principal("alice", "acme", Set.of("viewer", "analyst"),
            Map.of("groups", "eng"));
    static final Principal BOB = new Principal("bob", "acme", Set.of("viewer", "analyst"), Map.of("groups", "ops"));
    static final Principal EVE = new Principal("eve", "globex", Set.of("viewer", "analyst"), Map.of());

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(dir, 2, Map.of("cluster.backups", "1", "storage.persistence", "false",
                "rag.resultCache.entries", "0"));
        for (int i = 0; i < 2; i++) {
            LaloNode node = cluster.node(i);
            governance[i] = new Governance(node);
            governance[i].startAsync().join();
            rag[i] = new Rag(node, governance[i], i == 0);
            rag[i].startAsync().join();
        }
        for (RagCorpus.Doc doc : RagCorpus.docs()) {
            ingest(ALICE, doc.id(), doc.title(), doc.text(), Set.of(), Set.of());
        }
        awaitIndexed();
    }

    @AfterAll
    static void stop() {
        for (int i = 1; i >= 0; i--) {
            if (rag[i] != null) {
                rag[i].stopAsync().join();
            }
            if (governance[i] != null) {
                governance[i].stopAsync().join();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static IngestResult ingest(Principal owner, String id, String title, String text, Set<String> users,
                               Set<String> groups) {
        return rag[0].ingestion().ingest(new IngestRequest(id, title, "handbook", Set.of("policy"), users, groups,
                text.getBytes(StandardCharsets.UTF_8), DocumentFormat.TEXT, owner));
    }

    static void awaitIndexed() {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            long chunks = rag[0].store().chunkCache().sizeLong();
            long indexed = rag[0].indexer().orElseThrow().index().size() + rag[1].indexer().orElseThrow().index().size();
            return chunks == indexed;
        });
    }

    static SearchResponse search(Principal who, String query, SearchMode mode) {
        return rag[0].search().search(who, new SearchRequest(query, 5, mode, SearchFilter.NONE, 0));
    }

    @Test
    void everyMode_findsTheDocumentThatAnswers() {
        for (SearchMode mode : SearchMode.values()) {
            SearchResponse response = search(ALICE, "how often are TLS certificates rotated", mode);
            assertThat(response.hits()).as("mode %s", mode).isNotEmpty();
            assertThat(response.hits().get(0).docId()).as("mode %s", mode).isEqualTo("doc-certificates");
            assertThat(response.nodes()).isEqualTo(2);
        }
        SearchHit hit = search(ALICE, "refunds after returned item", SearchMode.HYBRID).hits().get(0);
        assertThat(hit.docId()).isEqualTo("doc-refunds");
        assertThat(hit.title()).isEqualTo("Refunds policy");
        assertThat(hit.text()).contains("refunds within five business days");
        assertThat(hit.highlights()).isNotEmpty();
        SearchHit.Span first = hit.highlights().get(0);
        assertThat(hit.text().substring(first.start(), first.end()).toLowerCase()).startsWith("refund");
    }

    @Test
    void vectorSearch_findsMeaning_withoutSharedWords() {
        SearchResponse response = search(ALICE, "when can I take time off from work", SearchMode.VECTOR);
        assertThat(response.hits().get(0).docId()).isEqualTo("doc-vacation");
    }

    @Test
    void chunksLiveWithTheirDocument_andBothNodesHoldSome() {
        int[] perNode = new int[2];
        for (int i = 0; i < 2; i++) {
            perNode[i] = rag[i].indexer().orElseThrow().index().size();
        }
        assertThat(perNode[0]).isPositive();
        assertThat(perNode[1]).isPositive();
        var affinity = cluster.node(0).ignite().affinity(DocumentStore.CHUNKS);
        for (RagCorpus.Doc doc : RagCorpus.docs()) {
            assertThat(affinity.partition(io.lalo.rag.store.ChunkKeys.key(doc.id(), 0)))
                    .isEqualTo(affinity.partition(doc.id()));
        }
    }

    @Test
    void hiddenDocument_isNeverReturned_andDoesNotChangeScores() {
        String query = "descaled espresso machine";
        double before = search(BOB, query, SearchMode.BM25).hits().get(0).score();
        ingest(ALICE, "doc-secret", "Espresso secrets", "The espresso machine descaled schedule and espresso "
                + "machine descaled tricks. Espresso machine descaled again.", Set.of("alice"), Set.of());
        awaitIndexed();
        assertThat(search(ALICE, query, SearchMode.BM25).hits()).extracting(SearchHit::docId).contains("doc-secret");
        for (SearchMode mode : SearchMode.values()) {
            assertThat(search(BOB, query, mode).hits()).extracting(SearchHit::docId).doesNotContain("doc-secret");
            assertThat(search(EVE, query, mode).hits()).isEmpty();
        }
        double after = search(BOB, query, SearchMode.BM25).hits().get(0).score();
        assertThat(after).isEqualTo(before);
        assertThat(search(BOB, query, SearchMode.BM25).searchedChunks())
                .isLessThan(search(ALICE, query, SearchMode.BM25).searchedChunks());
    }

    @Test
    void groupAcl_admitsMembersOnly() {
        ingest(ALICE, "doc-runbook", "Ops runbook", "Restart the ingestion service with the blue lever.",
                Set.of(), Set.of("ops"));
        awaitIndexed();
        assertThat(search(BOB, "blue lever restart", SearchMode.HYBRID).hits()).extracting(SearchHit::docId)
                .contains("doc-runbook");
        assertThat(search(ALICE, "blue lever restart", SearchMode.HYBRID).hits()).extracting(SearchHit::docId)
                .doesNotContain("doc-runbook");
    }

    @Test
    void metadataFilters_narrowResults() {
        ingest(ALICE, "doc-tagged", "Parking for staff", "Staff park in the south garage.", Set.of(), Set.of());
        rag[0].ingestion().ingest(new IngestRequest("doc-tagged", "Parking for staff", "wiki", Set.of("facilities"),
                Set.of(), Set.of(), "Staff park in the south garage.".getBytes(StandardCharsets.UTF_8),
                DocumentFormat.TEXT, ALICE));
        awaitIndexed();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(rag[0].search().search(ALICE,
                new SearchRequest("park garage", 5, SearchMode.HYBRID,
                        new SearchFilter(Set.of("facilities"), Set.of(), Set.of()), 0)).hits())
                .extracting(SearchHit::docId).containsExactly("doc-tagged"));
        assertThat(rag[0].search().search(ALICE, new SearchRequest("park garage", 5, SearchMode.HYBRID,
                new SearchFilter(Set.of(), Set.of("handbook"), Set.of()), 0)).hits())
                .extracting(SearchHit::docId).doesNotContain("doc-tagged").contains("doc-parking");
    }

    @Test
    void reingest_isIdempotent_andChangesReplaceTheIndex() {
        String text = "The cafeteria serves lunch from noon until two.";
        IngestResult first = ingest(ALICE, null, "Lunch", text, Set.of(), Set.of());
        IngestResult again = ingest(ALICE, null, "Lunch", text, Set.of(), Set.of());
        assertThat(first.outcome()).isEqualTo(DocumentStore.Outcome.CREATED);
        assertThat(again.outcome()).isEqualTo(DocumentStore.Outcome.UNCHANGED);
        assertThat(again.docId()).isEqualTo(first.docId());
        IngestResult changed = ingest(ALICE, first.docId(), "Lunch", "The cafeteria now serves brunch on Sundays.",
                Set.of(), Set.of());
        assertThat(changed.outcome()).isEqualTo(DocumentStore.Outcome.UPDATED);
        awaitIndexed();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<SearchHit> hits = search(ALICE, "cafeteria brunch sundays", SearchMode.BM25).hits();
            assertThat(hits.get(0).docId()).isEqualTo(first.docId());
            assertThat(hits.get(0).text()).contains("brunch").doesNotContain("noon");
        });
        assertThat(rag[0].delete(ALICE, first.docId())).isTrue();
        awaitIndexed();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                search(ALICE, "cafeteria brunch sundays", SearchMode.HYBRID).hits())
                .extracting(SearchHit::docId).doesNotContain(first.docId()));
        assertThat(rag[0].delete(ALICE, first.docId())).isFalse();
    }

    @Test
    void badDocuments_leaveNothingBehind() {
        long chunks = rag[0].store().chunkCache().sizeLong();
        assertThatThrownBy(() -> ingest(ALICE, "doc-empty", "", "   ", Set.of(), Set.of()))
                .isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> rag[0].ingestion().ingest(new IngestRequest("doc-pdf", "", "", Set.of(), Set.of(),
                Set.of(), "%PDF-1.4 broken".getBytes(StandardCharsets.US_ASCII), DocumentFormat.PDF, ALICE)))
                .isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> ingest(ALICE, "bad#id", "", "text", Set.of(), Set.of()))
                .isInstanceOf(InvalidDocumentException.class);
        assertThat(rag[0].store().get("doc-empty")).isEmpty();
        assertThat(rag[0].store().get("doc-pdf")).isEmpty();
        assertThat(rag[0].store().chunkCache().sizeLong()).isEqualTo(chunks);
    }

    @Test
    void otherTenant_cannotTakeOverAnId() {
        assertThatThrownBy(() -> ingest(EVE, "doc-backups", "Mine now", "Overwritten.", Set.of(), Set.of()))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("another tenant");
        assertThat(rag[0].delete(EVE, "doc-backups")).isFalse();
        assertThat(rag[0].store().get("doc-backups")).isPresent();
    }
}
