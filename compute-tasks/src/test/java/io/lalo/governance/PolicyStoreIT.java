package io.lalo.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lalo.grid.LaloNode;
import io.lalo.testing.TestCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policies in a two-node grid: seeded once, versioned, validated before saving, and live on every node. */
class PolicyStoreIT {

    @TempDir
    static Path dir;

    static TestCluster cluster;
    static LaloNode first;
    static LaloNode second;
    static PolicyStore onFirst;
    static PolicyStore onSecond;
    static final RoleHierarchy ROLES = RoleHierarchy.of(List.of("admin>operator", "operator>viewer",
            "analyst>viewer"));

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(dir, 2, Map.of());
        first = cluster.node(0);
        second = cluster.node(1);
        onFirst = new PolicyStore(first.ignite(), Clock.systemUTC());
        onFirst.start();
        onSecond = new PolicyStore(second.ignite(), Clock.systemUTC());
        onSecond.start();
        onFirst.seedDefaults();
    }

    @AfterAll
    static void stop() throws Exception {
        for (PolicyStore store : new PolicyStore[] {onFirst, onSecond}) {
            if (store != null) {
                store.close();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Policy policy(String id, String condition) {
        return new Policy(id, "test", Effect.ALLOW, List.of("report.run"), List.of("*"), condition, null, true);
    }

    private static boolean allowedOn(PolicyStore store, Principal principal) {
        return store.current().evaluate(new AccessRequest(principal, "report.run", Resource.of("report", "q1"),
                Map.of()), ROLES).allowed();
    }

    @Test
    void defaults_areSeededOncePerCluster_andLiveOnBothNodes() {
        assertThat(onSecond.seedDefaults()).isFalse();
        assertThat(onSecond.list()).extracting(v -> v.policy().id())
                .containsAll(PolicyStore.defaults().stream().map(Policy::id).toList());
        await().atMost(Duration.ofSeconds(1)).until(() -> onSecond.current().policies().size()
                >= PolicyStore.defaults().size());
    }

    @Test
    void changeOnOneNode_reachesTheOtherWithinOneSecond() {
        Principal alice = Principal.of("alice", "analyst");
        assertThat(allowedOn(onSecond, alice)).isFalse();
        onFirst.create(policy("reports-for-analysts", "'analyst' in principal.roles"), "admin");
        await().atMost(Duration.ofSeconds(1)).until(() -> allowedOn(onSecond, alice));

        onFirst.update(policy("reports-for-analysts", "'admin' in principal.roles"), "admin");
        await().atMost(Duration.ofSeconds(1)).until(() -> !allowedOn(onSecond, alice));

        onFirst.delete("reports-for-analysts", "admin");
        await().atMost(Duration.ofSeconds(1)).until(() -> onSecond.current().policies().stream()
                .noneMatch(p -> p.id().equals("reports-for-analysts")));
    }

    @Test
    void everySave_isAVersion_keptAfterDelete() {
        onFirst.create(policy("versioned", "true"), "alice");
        onSecond.update(policy("versioned", "false"), "bob");
        onFirst.delete("versioned", "carol");
        List<PolicyVersion> versions = onSecond.versions("versioned");
        assertThat(versions).extracting(PolicyVersion::version).containsExactly(1, 2, 3);
        assertThat(versions).extracting(PolicyVersion::updatedBy).containsExactly("alice", "bob", "carol");
        assertThat(versions.get(1).policy().condition()).isEqualTo("false");
        assertThat(versions.get(2).deleted()).isTrue();
        assertThat(onSecond.get("versioned")).isEmpty();
        assertThat(onFirst.update(policy("versioned", "true"), "x")).isEmpty();
        assertThat(onFirst.create(policy("versioned", "true"), "dave").version()).isEqualTo(4);
    }

    @Test
    void brokenPolicy_isNeverSaved() {
        assertThatThrownBy(() -> onFirst.create(policy("broken", "principal.roles +"), "admin"))
                .isInstanceOf(PolicyException.class);
        assertThat(onFirst.get("broken")).isEmpty();
        assertThat(onFirst.versions("broken")).isEmpty();
    }

    @Test
    void creatingAnExistingId_isAConflict() {
        onFirst.create(policy("unique", "true"), "admin");
        assertThatThrownBy(() -> onSecond.create(policy("unique", "true"), "admin"))
                .isInstanceOf(PolicyStore.PolicyExistsException.class);
    }
}
