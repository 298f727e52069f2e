package io.lalo.grid;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.config.LaloConfig;
import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.lalo.testing.TestSql;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data survives a stop and a restart, and the demo data is loaded only once. */
class PersistenceRestartIT {

    @TempDir
    Path dir;

    @Test
    void restart_bringsEverythingBack_andNeverDuplicatesDemoData() throws Exception {
        LaloConfig config = TestConfigs.config(TestPorts.allocate(), dir, 0,
                Map.of("demo.enabled", "true", "demo.orders", "2000"));

        LaloNode node = LaloNode.server(config);
        node.start();
        TestSql.rows(node.ignite(), "CREATE TABLE NOTES (ID INT PRIMARY KEY, BODY VARCHAR)");
        TestSql.rows(node.ignite(), "INSERT INTO NOTES (ID, BODY) VALUES (1, 'survives'), (2, 'also survives')");
        long orders = TestSql.count(node.ignite(), "ORDERS");
        long lines = TestSql.count(node.ignite(), "ORDER_LINES");
        assertThat(orders).isEqualTo(2000);
        node.stopAsync().get();

        LaloNode restarted = LaloNode.server(config);
        restarted.start();
        try {
            Ignite ignite = restarted.ignite();
            assertThat(ignite.cluster().state()).isEqualTo(ClusterState.ACTIVE);
            assertThat(TestSql.rows(ignite, "SELECT BODY FROM NOTES ORDER BY ID"))
                    .containsExactly(List.of("survives"), List.of("also survives"));
            assertThat(TestSql.count(ignite, "ORDERS")).isEqualTo(orders);
            assertThat(TestSql.count(ignite, "ORDER_LINES")).isEqualTo(lines);
        } finally {
            restarted.stopAsync().get();
        }
    }

    @Test
    void noDemoFlag_leavesTheClusterEmpty() throws Exception {
        LaloNode node = LaloNode.server(TestConfigs.config(TestPorts.allocate(), dir, 0, Map.of("demo.enabled", "false")));
        node.start();
        try {
            assertThat(TestSql.rows(node.ignite(), "SELECT COUNT(*) FROM SYS.TABLES WHERE TABLE_NAME = 'ORDERS'").get(0).get(0))
                    .isEqualTo(0L);
        } finally {
            node.stopAsync().get();
        }
    }
}
