package io.lalo.bench;

import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import io.lalo.sql.rewrite.GovernanceRewriter;
import io.lalo.sql.rewrite.TableView;
import io.lalo.sql.validate.SqlStatementValidator;
import io.lalo.sql.validate.ValidatedStatement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SQL layer's own stages on a demo-sized catalog: Calcite parse + validate (with table collection), and the
 * governance rewrite of a join over a masked and a row-filtered table. No grid involved.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = "@config/jvm.options")
@State(Scope.Benchmark)
public class SqlValidationBenchmark {

    private static final String JOIN = "SELECT r.name, c.email, SUM(o.total) AS revenue FROM orders o "
            + "JOIN customers c ON c.id = o.customer_id JOIN regions r ON r.id = o.region_id "
            + "WHERE o.status = ? GROUP BY r.name, c.email ORDER BY revenue DESC";

    private Catalog catalog;
    private Map<String, TableView> views;

    @Setup
    public void setUp() {
        catalog = new Catalog(List.of(
                table("REGIONS", "ID:INTEGER", "NAME:VARCHAR(64)", "COUNTRY:VARCHAR(64)"),
                table("CUSTOMERS", "ID:INTEGER", "NAME:VARCHAR(128)", "EMAIL:VARCHAR(128)", "SEGMENT:VARCHAR(32)",
                        "CITY:VARCHAR(64)", "REGION_ID:INTEGER", "SIGNUP_DATE:DATE"),
                table("ORDERS", "ID:BIGINT", "CUSTOMER_ID:INTEGER", "EMPLOYEE_ID:INTEGER", "REGION_ID:INTEGER",
                        "ORDER_DATE:DATE", "STATUS:VARCHAR(16)", "TOTAL:DECIMAL(12, 2)")), Instant.now());
        Map<String, String> customerColumns = new LinkedHashMap<>();
        for (CatalogColumn column : catalog.table("CUSTOMERS").orElseThrow().columns()) {
            customerColumns.put(column.name(), column.name().equals("EMAIL")
                    ? "'****' || SUBSTRING(\"EMAIL\" FROM CHAR_LENGTH(\"EMAIL\") - 3)" : "\"" + column.name() + "\"");
        }
        Map<String, String> orderColumns = new LinkedHashMap<>();
        catalog.table("ORDERS").orElseThrow().columns().forEach(c -> orderColumns.put(c.name(), "\"" + c.name() + "\""));
        views = Map.of(
                "CUSTOMERS", new TableView("CUSTOMERS", customerColumns, List.of()),
                "ORDERS", new TableView("ORDERS", orderColumns, List.of("REGION_ID = '3'")));
    }

    private static CatalogTable table(String name, String... columns) {
        List<CatalogColumn> list = java.util.Arrays.stream(columns).map(spec -> {
            String[] parts = spec.split(":", 2);
            return new CatalogColumn(parts[0], parts[1], !parts[0].equals("ID"), parts[0].equals("ID"));
        }).toList();
        return new CatalogTable("PUBLIC", name, list, List.of("ID"), null, List.of(), List.of());
    }

    @Benchmark
    public ValidatedStatement validatePointLookup() {
        return SqlStatementValidator.validate("SELECT name, email FROM customers WHERE id = ?", catalog);
    }

    @Benchmark
    public ValidatedStatement validateJoinGroupBy() {
        return SqlStatementValidator.validate(JOIN, catalog);
    }

    @Benchmark
    public String validateAndRewriteJoin() {
        SqlStatementValidator.validate(JOIN, catalog);
        return GovernanceRewriter.rewrite(JOIN, views);
    }
}
