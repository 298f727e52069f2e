package io.lalo.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.grid.LaloNode;
import io.lalo.testing.TestCluster;
import io.lalo.testing.TestSql;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail on a two-node grid: batched chained writes, search, tamper detection, nothing lost at close. */
class AuditIT {

    @TempDir
    static Path dir;

    static TestCluster cluster;
    static LaloNode first;
    static LaloNode second;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(dir, 2, Map.of());
        first = cluster.node(0);
        second = cluster.node(1);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static AuditEvent event(String principal, String action, String outcome, List<String> policies) {
        return AuditEvent.of(Instant.now(), principal, "acme", action, "table:ORDERS", outcome, policies, "req-1",
                "because", false);
    }

    private static AuditLog log(LaloNode node) {
        return new AuditLog(node.ignite(), 0, 10_000, Duration.ofMillis(20));
    }

    @Test
    void closingTheLog_writesEveryQueuedEvent() {
        AuditLog log = log(first);
        for (int i = 0; i < 5_000; i++) {
            assertThat(log.append(event("bulk-writer", "sql.select", "allow", List.of("p")))).isTrue();
        }
        log.close();
        assertThat(log.append(event("late", "x", "allow", List.of()))).isFalse();
        assertThat(TestSql.rows(first.ignite(), "SELECT COUNT(*) FROM LALO.AUDIT_EVENTS WHERE CHAIN = ?",
                log.chain()).get(0).get(0)).isEqualTo(5_000L);
    }

    @Test
    void search_filtersByPrincipalActionOutcome_newestFirst_withPaging() throws Exception {
        Instant before = Instant.now();
        try (AuditLog log = log(second)) {
            for (int i = 0; i < 30; i++) {
                log.append(event("searcher", i % 3 == 0 ? "admin.apikeys.create" : "sql.select",
                        i % 2 == 0 ? "allow" : "deny", List.of("policy-" + (i % 2))));
            }
            log.flush(Duration.ofSeconds(10));
        }
        AuditQueries queries = new AuditQueries(first.ignite(), 0);
        Instant after = Instant.now().plusSeconds(1);
        List<AuditEvent> denied = queries.search(new AuditFilter(before, after, "searcher", null, "deny"), 100, 0);
        assertThat(denied).hasSize(15).allMatch(e -> e.outcome().equals("deny"));
        assertThat(denied).isSortedAccordingTo((a, b) -> b.time().compareTo(a.time()));
        List<AuditEvent> page1 = queries.search(new AuditFilter(before, after, "searcher", null, null), 10, 0);
        List<AuditEvent> page3 = queries.search(new AuditFilter(before, after, "searcher", null, null), 10, 20);
        assertThat(page1).hasSize(10);
        assertThat(page3).hasSize(10).doesNotContainAnyElementsOf(page1);
        assertThat(queries.search(new AuditFilter(before, after, "searcher", "admin.apikeys.create", null), 100, 0))
                .hasSize(10);
        assertThat(queries.search(new AuditFilter(after, after.plusSeconds(60), "searcher", null, null), 100, 0))
                .isEmpty();
    }

    @Test
    void verify_detectsAnEditedEvent_andADeletedOne() throws Exception {
        String chain;
        try (AuditLog log = log(first)) {
            chain = log.chain();
            for (int i = 0; i < 50; i++) {
                log.append(event("tamper-target", "sql.select", "deny", List.of("no-salaries")));
            }
            log.flush(Duration.ofSeconds(10));
        }
        AuditVerifier verifier = new AuditVerifier(second.ignite(), 0);
        assertThat(verifier.verify().intact()).isTrue();

        IgniteCache<String, BinaryObject> events = first.ignite().cache(AuditTables.EVENTS).withKeepBinary();
        String key = AuditTables.key(chain, 17);
        BinaryObject original = events.get(key);
        events.put(key, original.toBuilder().setField("OUTCOME", "allow").build());
        ChainCheck edited = verifier.verify();
        assertThat(edited.firstBroken()).contains(new ChainCheck.BrokenLink(chain, 17, "edited"));

        events.put(key, original);
        assertThat(verifier.verify().intact()).isTrue();
        events.remove(AuditTables.key(chain, 33));
        ChainCheck deleted = verifier.verify();
        assertThat(deleted.firstBroken()).contains(new ChainCheck.BrokenLink(chain, 33, "missing"));
        assertThat(deleted.chains()).isGreaterThanOrEqualTo(1);
        // Filling the gap with a copy of another event does not fool it either: the copy links to the wrong event.
        events.put(AuditTables.key(chain, 33), original.toBuilder().setField("SEQ", 33L).build());
        assertThat(verifier.verify().firstBroken()).map(ChainCheck.BrokenLink::problem).contains("relinked");
    }

    @Test
    void complianceReport_countsByPrincipalOutcomePolicyAndListsAdminChanges() throws Exception {
        Instant from = Instant.now();
        try (AuditLog log = log(first)) {
            log.append(event("reporter-a", "sql.select", "allow", List.of("analysts-query-data")));
            log.append(event("reporter-a", "sql.select", "deny", List.of("no-salaries")));
            log.append(event("reporter-b", "sql.select", "deny", List.of()));
            log.append(event("reporter-b", "admin.apikeys.create", "allow", List.of("admins-full-access")));
            log.append(AuditEvent.of(Instant.now(), "reporter-b", "acme", "rag.answer", "document:d", "allow",
                    List.of("viewers"), "r", "", true));
            log.flush(Duration.ofSeconds(10));
        }
        Instant to = Instant.now().plusSeconds(1);
        ComplianceReport report = new AuditQueries(second.ignite(), 0).report(from, to);
        assertThat(report.requestsByPrincipal()).contains(
                new ComplianceReport.PrincipalOutcome("reporter-a", "allow", 1),
                new ComplianceReport.PrincipalOutcome("reporter-a", "deny", 1),
                new ComplianceReport.PrincipalOutcome("reporter-b", "deny", 1));
        assertThat(report.denialsByPolicy()).contains(new ComplianceReport.PolicyDenials("no-salaries", 1),
                new ComplianceReport.PolicyDenials(AuditQueries.DEFAULT_DENY, 1));
        assertThat(report.redactions()).isEqualTo(1);
        assertThat(report.adminChanges()).extracting(ComplianceReport.AdminChange::action)
                .contains("admin.apikeys.create");
    }
}
