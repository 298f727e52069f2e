package io.lalo.sql.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SqlStatementValidatorTest {

    private static final Catalog CATALOG = new Catalog(List.of(
            new CatalogTable("PUBLIC", "CUSTOMERS", List.of(
                    new CatalogColumn("ID", "INTEGER", false, true),
                    new CatalogColumn("NAME", "VARCHAR(128)", false, false),
                    new CatalogColumn("EMAIL", "VARCHAR(128)", false, false)), List.of("ID"), null, List.of(), List.of()),
            new CatalogTable("PUBLIC", "ORDERS", List.of(
                    new CatalogColumn("ID", "BIGINT", false, true),
                    new CatalogColumn("CUSTOMER_ID", "INTEGER", false, false),
                    new CatalogColumn("TOTAL", "DECIMAL(12, 2)", false, false)), List.of("ID"), null, List.of(),
                    List.of())), Instant.now());

    @Test
    void scalarSubqueriesAndJoins_areFoundToo() {
        assertThat(SqlStatementValidator.validate("SELECT (SELECT MAX(total) FROM orders) AS top, name "
                + "FROM customers", CATALOG).tables()).containsExactlyInAnyOrder("CUSTOMERS", "ORDERS");
        assertThat(SqlStatementValidator.validate("SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id "
                + "WHERE EXISTS (SELECT 1 FROM orders x WHERE x.id = o.id)", CATALOG).tables())
                .containsExactlyInAnyOrder("CUSTOMERS", "ORDERS");
    }

    @Test
    void query_findsEveryTable_evenInSubqueries() {
        ValidatedStatement statement = SqlStatementValidator.validate(
                "SELECT c.name FROM customers c WHERE c.id IN (SELECT customer_id FROM orders WHERE total > ?)",
                CATALOG);
        assertThat(statement.kind()).isEqualTo(StatementKind.QUERY);
        assertThat(statement.tables()).containsExactlyInAnyOrder("CUSTOMERS", "ORDERS");
    }

    @Test
    void syntaxError_hasLineAndColumn() {
        assertThatThrownBy(() -> SqlStatementValidator.validate("SELECT id\nFROM customers\nWHERE id = = 3", CATALOG))
                .isInstanceOfSatisfying(SqlValidationException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isPositive();
                });
    }

    @Test
    void unknownTableOrColumn_isReportedWhereItIs() {
        assertThatThrownBy(() -> SqlStatementValidator.validate("SELECT id FROM suppliers", CATALOG))
                .isInstanceOfSatisfying(SqlValidationException.class, e -> {
                    assertThat(e.getMessage()).containsIgnoringCase("SUPPLIERS");
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(16);
                });
        assertThatThrownBy(() -> SqlStatementValidator.validate("SELECT salary FROM customers", CATALOG))
                .isInstanceOfSatisfying(SqlValidationException.class,
                        e -> assertThat(e.getMessage()).containsIgnoringCase("SALARY"));
    }

    @Test
    void severalStatements_areRefused() {
        assertThatThrownBy(() -> SqlStatementValidator.validate("SELECT 1 FROM customers; DROP TABLE orders", CATALOG))
                .isInstanceOf(SqlValidationException.class).hasMessageContaining("exactly one statement");
        assertThat(SqlStatementValidator.validate("SELECT id FROM customers; ", CATALOG).tables())
                .as("one statement with a trailing semicolon is still one").containsExactly("CUSTOMERS");
    }

    @Test
    void dmlAndDdl_areClassified() {
        assertThat(SqlStatementValidator.validate("INSERT INTO orders (id, customer_id, total) VALUES (1, 2, 3)",
                CATALOG).kind()).isEqualTo(StatementKind.DML);
        assertThat(SqlStatementValidator.validate("DELETE FROM orders WHERE id = 1", CATALOG).kind())
                .isEqualTo(StatementKind.DML);
        assertThat(SqlStatementValidator.validate("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR) "
                + "WITH \"template=replicated\"", CATALOG).kind()).isEqualTo(StatementKind.DDL);
        assertThat(SqlStatementValidator.validate("DROP TABLE orders", CATALOG).kind()).isEqualTo(StatementKind.DDL);
        assertThat(SqlStatementValidator.validate("UPDATE orders o SET total = 0 WHERE o.id = 1", CATALOG).tables())
                .as("the table DML writes, which the result cache invalidates").containsExactly("ORDERS");
        assertThat(SqlStatementValidator.validate("SELECT CURRENT_TIMESTAMP FROM orders", CATALOG).deterministic())
                .isFalse();
        assertThat(SqlStatementValidator.validate("SELECT total FROM orders", CATALOG).deterministic()).isTrue();
    }

    @Test
    void concurrentValidations_shareTheCatalogFramework_safely() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Set<String>>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String sql = i % 2 == 0 ? "SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id"
                        : "SELECT name FROM customers WHERE id = " + i;
                results.add(pool.submit(() -> SqlStatementValidator.validate(sql, CATALOG).tables()));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(i % 2 == 0 ? Set.of("ORDERS", "CUSTOMERS")
                        : Set.of("CUSTOMERS"));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
