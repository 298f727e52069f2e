package io.lalo.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lalo.testing.TestCluster;
import io.lalo.testing.TestSql;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two persistent server nodes in one JVM form one cluster; what one writes, the other reads. */
class TwoNodeClusterIT {

    @TempDir
    static Path dir;

    static TestCluster cluster;
    static LaloNode first;
    static LaloNode second;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(dir, 2, Map.of("cluster.baselineAutoAdjustTimeout", "1s", "cluster.backups", "1"));
        first = cluster.node(0);
        second = cluster.node(1);
        // Creating caches while the baseline changes is refused by Ignite; let the auto-adjust finish first.
        await().atMost(Duration.ofSeconds(30)).until(() ->
                first.ignite().cluster().currentBaselineTopology().size() == 2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void nodesFormOneCluster_andTheBaselineFollows() {
        assertThat(first.ignite().cluster().forServers().nodes()).hasSize(2);
        assertThat(second.ignite().cluster().currentBaselineTopology()).hasSize(2);
        assertThat(second.ignite().cluster().isBaselineAutoAdjustEnabled()).isTrue();
    }

    @Test
    void rowsWrittenThroughOneNode_areReadThroughTheOther() {
        TestSql.rows(first.ignite(), "CREATE TABLE IF NOT EXISTS PARTS (ID INT PRIMARY KEY, NAME VARCHAR) "
                + "WITH \"template=partitioned,backups=1\"");
        for (int i = 0; i < 200; i++) {
            TestSql.rows(first.ignite(), "INSERT INTO PARTS (ID, NAME) VALUES (?, ?)", i, "part-" + i);
        }
        assertThat(TestSql.rows(second.ignite(), "SELECT COUNT(*) FROM PARTS").get(0).get(0)).isEqualTo(200L);
        assertThat(TestSql.rows(second.ignite(), "SELECT NAME FROM PARTS WHERE ID = 123")).containsExactly(List.of("part-123"));
        assertThat(second.ignite().cache("SQL_PUBLIC_PARTS").localSizeLong(org.apache.ignite.cache.CachePeekMode.PRIMARY))
                .as("the second node holds part of the data").isPositive();
    }
}
