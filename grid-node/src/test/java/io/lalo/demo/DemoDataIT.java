package io.lalo.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.grid.LaloNode;
import io.lalo.schema.ForeignKey;
import io.lalo.schema.ForeignKeyRegistry;
import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.lalo.testing.TestSql;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataIT {

    @TempDir
    static Path dir;

    static LaloNode node;
    static Ignite ignite;

    @BeforeAll
    static void start() {
        node = LaloNode.server(TestConfigs.config(TestPorts.allocate(), dir, 0,
                Map.of("demo.enabled", "true", "demo.orders", "100000")));
        node.start();
        ignite = node.ignite();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.stopAsync().get();
        }
    }

    @Test
    void firstStart_loadsAtLeastHundredThousandOrders_andEveryTable() {
        DemoGenerator sizes = new DemoGenerator(100_000);
        assertThat(TestSql.count(ignite, "ORDERS")).isEqualTo(100_000);
        assertThat(TestSql.count(ignite, "CUSTOMERS")).isEqualTo(sizes.customers());
        assertThat(TestSql.count(ignite, "PRODUCTS")).isEqualTo(sizes.products());
        assertThat(TestSql.count(ignite, "EMPLOYEES")).isEqualTo(sizes.employees());
        assertThat(TestSql.count(ignite, "REGIONS")).isEqualTo(8);
        assertThat(TestSql.count(ignite, "ORDER_LINES")).isBetween(100_000L, 500_000L);
    }

    @Test
    void orderTotals_equalTheSumOfTheirLines() {
        Map<Object, BigDecimal> lineSums = new HashMap<>();
        for (List<?> row : TestSql.rows(ignite, "SELECT ORDER_ID, UNIT_PRICE, QUANTITY, DISCOUNT FROM ORDER_LINES")) {
            BigDecimal amount = ((BigDecimal) row.get(1)).multiply(BigDecimal.valueOf(((Number) row.get(2)).longValue()))
                    .multiply(BigDecimal.ONE.subtract((BigDecimal) row.get(3))).setScale(2, RoundingMode.HALF_UP);
            lineSums.merge(((Number) row.get(0)).longValue(), amount, BigDecimal::add);
        }
        List<List<?>> orders = TestSql.rows(ignite, "SELECT ID, TOTAL FROM ORDERS");
        assertThat(orders).hasSize(100_000);
        for (List<?> order : orders) {
            assertThat(lineSums.get(((Number) order.get(0)).longValue()))
                    .as("lines of order %s", order.get(0))
                    .isEqualByComparingTo((BigDecimal) order.get(1));
        }
    }

    @Test
    void everyForeignKey_isRecorded_andHoldsForEveryRow() {
        List<ForeignKey> recorded = new ForeignKeyRegistry(ignite).list();
        assertThat(recorded).containsExactlyInAnyOrderElementsOf(DemoSchema.FOREIGN_KEYS);
        for (ForeignKey fk : recorded) {
            Set<Object> parents = values("SELECT " + fk.referencedColumn() + " FROM " + fk.referencedTable());
            Set<Object> children = values("SELECT DISTINCT " + fk.column() + " FROM " + fk.table()
                    + " WHERE " + fk.column() + " IS NOT NULL");
            assertThat(children).as("values of %s", fk.name()).isNotEmpty();
            assertThat(parents).as("parents for %s", fk.name()).containsAll(children);
        }
    }

    private static Set<Object> values(String query) {
        Set<Object> values = new HashSet<>();
        TestSql.rows(ignite, query).forEach(row -> values.add(((Number) row.get(0)).longValue()));
        return values;
    }

    @Test
    void foreignKeys_areReadableWithSql() {
        List<List<?>> rows = TestSql.rows(ignite, "SELECT PK_TABLE FROM LALO.FOREIGN_KEYS WHERE FK_TABLE = ? AND FK_COLUMN = ?",
                "ORDER_LINES", "ORDER_ID");
        assertThat(rows).containsExactly(List.of("ORDERS"));
    }

    @Test
    void secondLoad_isSkipped_andDuplicatesNothing() {
        assertThat(new DemoData(ignite, node.config()).loadIfAbsent()).isFalse();
        assertThat(TestSql.count(ignite, "ORDERS")).isEqualTo(100_000);
    }

    @Test
    void generatedData_isDeterministic() {
        Object total = TestSql.rows(ignite, "SELECT SUM(TOTAL) FROM ORDERS").get(0).get(0);
        BigDecimal[] expected = {BigDecimal.ZERO};
        new DemoGenerator(100_000).generate(row -> {
            if (row.table().equals(DemoSchema.ORDERS)) {
                expected[0] = expected[0].add((BigDecimal) row.value().get("TOTAL"));
            }
        });
        assertThat(new BigDecimal(total.toString())).isEqualByComparingTo(expected[0]);
    }
}
