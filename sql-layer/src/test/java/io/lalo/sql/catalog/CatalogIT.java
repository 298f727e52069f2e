package io.lalo.sql.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lalo.schema.ForeignKey;
import io.lalo.testing.TestCluster;
import io.lalo.testing.TestSql;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog read from a real node holding the demo schema. */
class CatalogIT {

    @TempDir
    static Path dir;

    static TestCluster cluster;
    static CatalogService catalogs;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(dir, 1, Map.of("demo.enabled", "true", "demo.orders", "1000"));
        catalogs = new CatalogService(cluster.node(0).ignite(), Clock.systemUTC(), Duration.ofMillis(200));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void demoTables_withColumnsTypesAndPrimaryKeys() {
        Catalog catalog = catalogs.catalog();
        assertThat(catalog.tables()).extracting(CatalogTable::name)
                .contains("CUSTOMERS", "EMPLOYEES", "ORDERS", "ORDER_LINES", "PRODUCTS", "REGIONS")
                .doesNotContain("FOREIGN_KEYS", "AUDIT_EVENTS", "TABLES");
        CatalogTable lines = catalog.table("order_lines").orElseThrow();
        assertThat(lines.schema()).isEqualTo("PUBLIC");
        assertThat(lines.primaryKey()).containsExactlyInAnyOrder("ORDER_ID", "LINE_NO");
        assertThat(lines.affinityColumn()).isEqualTo("ORDER_ID");
        assertThat(lines.column("UNIT_PRICE")).contains(new CatalogColumn("UNIT_PRICE", "DECIMAL(10, 2)", false,
                false));
        CatalogTable employees = catalog.table("EMPLOYEES").orElseThrow();
        assertThat(employees.column("MANAGER_ID").orElseThrow().nullable()).isTrue();
        assertThat(employees.column("HIRE_DATE").orElseThrow().type()).isEqualTo("DATE");
        assertThat(employees.column("ID").orElseThrow()).isEqualTo(new CatalogColumn("ID", "INTEGER", false, true));
        CatalogTable customers = catalog.table("CUSTOMERS").orElseThrow();
        assertThat(customers.columns()).extracting(CatalogColumn::name)
                .containsExactly("ID", "NAME", "EMAIL", "SEGMENT", "CITY", "REGION_ID", "SIGNUP_DATE");
        assertThat(customers.columns()).extracting(CatalogColumn::type).doesNotContain("OTHER");
    }

    @Test
    void foreignKeys_inBothDirections() {
        Catalog catalog = catalogs.catalog();
        assertThat(catalog.table("ORDERS").orElseThrow().references()).extracting(ForeignKey::referencedTable)
                .containsExactlyInAnyOrder("CUSTOMERS", "EMPLOYEES", "REGIONS");
        assertThat(catalog.table("ORDERS").orElseThrow().referencedBy()).extracting(ForeignKey::table)
                .containsExactly("ORDER_LINES");
        assertThat(catalog.table("REGIONS").orElseThrow().referencedBy()).extracting(ForeignKey::table)
                .containsExactlyInAnyOrder("EMPLOYEES", "CUSTOMERS", "ORDERS");
    }

    @Test
    void ddl_showsUpWithinTheRefreshAge() {
        TestSql.rows(cluster.node(0).ignite(), "CREATE TABLE SUPPLIERS (ID INT PRIMARY KEY, NAME VARCHAR(80))");
        await().atMost(Duration.ofSeconds(2)).until(() -> catalogs.catalog().table("SUPPLIERS").isPresent());
        TestSql.rows(cluster.node(0).ignite(), "ALTER TABLE SUPPLIERS ADD COLUMN COUNTRY VARCHAR(40)");
        catalogs.invalidate();
        assertThat(catalogs.catalog().table("SUPPLIERS").orElseThrow().column("COUNTRY")).isPresent();
        TestSql.rows(cluster.node(0).ignite(), "DROP TABLE SUPPLIERS");
        await().atMost(Duration.ofSeconds(2)).until(() -> catalogs.catalog().table("SUPPLIERS").isEmpty());
    }
}
