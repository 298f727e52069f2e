package io.lalo.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.lalo.testing.TestSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.apache.ignite.client.ClientAuthenticationException;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.cluster.ClusterState;
import org.apache.ignite.configuration.ClientConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One persistent node: activation, and SQL through the Java API, the thin client and JDBC thin — the last two
 * only after logging in with the thin-client password (Ignite's default password no longer works).
 */
class LaloNodeIT {

    @TempDir
    static Path dir;

    static LaloNode node;
    static Ignite ignite;
    static String thinAddress;
    static final String PASSWORD = "thin-client-secret-1";

    @BeforeAll
    static void start() {
        TestPorts ports = TestPorts.allocate();
        node = LaloNode.server(TestConfigs.config(ports, dir, 0, Map.of("clientConnector.password", PASSWORD)));
        node.start();
        ignite = node.ignite();
        thinAddress = "127.0.0.1:" + ports.clientConnector();
        TestSql.rows(ignite, "CREATE TABLE IF NOT EXISTS CITY (ID INT PRIMARY KEY, NAME VARCHAR, POPULATION BIGINT)");
        TestSql.rows(ignite, "INSERT INTO CITY (ID, NAME, POPULATION) VALUES (1, 'Lisbon', 545000), (2, 'Porto', 232000)");
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.stopAsync().get();
        }
    }

    @Test
    void firstStart_activatesThePersistentCluster_withBaselineAutoAdjustOn() {
        assertThat(ignite.cluster().state()).isEqualTo(ClusterState.ACTIVE);
        assertThat(ignite.cluster().currentBaselineTopology()).hasSize(1);
        assertThat(ignite.cluster().isBaselineAutoAdjustEnabled()).isTrue();
        assertThat(ignite.configuration().getDataStorageConfiguration().getDefaultDataRegionConfiguration()
                .isPersistenceEnabled()).isTrue();
    }

    @Test
    void sql_throughTheJavaApi() {
        assertThat(TestSql.rows(ignite, "SELECT NAME FROM CITY WHERE POPULATION > ? ORDER BY NAME", 300_000))
                .containsExactly(List.of("Lisbon"));
    }

    @Test
    void calcite_isTheDefaultEngine() {
        String plan = TestSql.rows(ignite, "EXPLAIN PLAN FOR SELECT NAME FROM CITY WHERE ID = 1").get(0).get(0).toString();
        assertThat(plan).contains("IgniteIndexScan").doesNotContain("__SCAN_");
    }

    @Test
    void sql_throughTheThinClient() {
        try (IgniteClient client = Ignition.startClient(new ClientConfiguration().setAddresses(thinAddress)
                .setUserName(ThinClientPassword.USER).setUserPassword(PASSWORD))) {
            List<List<?>> rows = client.query(new SqlFieldsQuery("SELECT SUM(POPULATION) FROM CITY")).getAll();
            assertThat(((Number) rows.get(0).get(0)).longValue()).isEqualTo(777_000L);
        }
    }

    @Test
    void sql_throughJdbcThin() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:ignite:thin://" + thinAddress,
                ThinClientPassword.USER, PASSWORD);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT ID, NAME FROM CITY ORDER BY ID")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("Lisbon");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("NAME")).isEqualTo("Porto");
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void thinClients_withoutTheLaloPassword_areRefused() {
        assertThatThrownBy(() -> Ignition.startClient(new ClientConfiguration().setAddresses(thinAddress)).close())
                .isInstanceOf(ClientAuthenticationException.class);
        assertThatThrownBy(() -> Ignition.startClient(new ClientConfiguration().setAddresses(thinAddress)
                .setUserName("ignite").setUserPassword("ignite")).close())
                .as("Ignite's well-known default password was changed on first start")
                .isInstanceOf(ClientAuthenticationException.class);
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:ignite:thin://" + thinAddress).close())
                .isInstanceOf(java.sql.SQLException.class);
        assertThat(node.generatedThinClientPassword()).as("a configured password is not generated").isEmpty();
    }
}
