package io.lalo.sql.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lalo.audit.AuditBacklogException;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.sql.SqlLayer;
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

/** Governed SQL on a real node when the audit trail cannot take more events: nothing runs unaudited. */
class GovernedSqlIT {

    @TempDir
    static Path dir;

    static TestCluster cluster;
    static Governance governance;
    static SqlLayer sql;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(dir, 1, Map.of("demo.enabled", "true", "demo.orders", "1000"));
        governance = new Governance(cluster.node(0));
        governance.startAsync().join();
        sql = new SqlLayer(cluster.node(0), governance);
        sql.startAsync().join();
    }

    @AfterAll
    static void stop() {
        if (governance != null) {
            governance.stopAsync().join();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void fullAuditQueue_refusesStatements_andNothingRuns() {
        Principal admin = Principal.of("root", "admin");
        SqlRequest select = new SqlRequest("SELECT COUNT(*) FROM orders", List.of(), 10, Duration.ofSeconds(10));
        assertThat(sql.sql().execute(admin, select, "before").rows()).hasSize(1);

        governance.audit().close();

        assertThatThrownBy(() -> sql.sql().execute(admin, new SqlRequest("DELETE FROM orders", List.of(), 10,
                Duration.ofSeconds(10)), "r1")).isInstanceOf(AuditBacklogException.class);
        assertThatThrownBy(() -> sql.sql().execute(admin, new SqlRequest("SELECT COUNT(*) FROM orders", List.of(),
                10, Duration.ofSeconds(10), false), "r2")).isInstanceOf(AuditBacklogException.class);
        assertThat(TestSql.count(cluster.node(0).ignite(), "ORDERS")).isEqualTo(1000);
    }
}
