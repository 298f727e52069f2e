package io.lalo.bench;

import io.lalo.schema.ForeignKey;
import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import io.lalo.sql.nl2sql.ColumnRef;
import io.lalo.sql.nl2sql.OfflineTranslator;
import io.lalo.sql.nl2sql.SemanticAnnotations;
import io.lalo.sql.nl2sql.Translation;
import io.lalo.sql.nl2sql.ValueIndex;
import io.lalo.sql.nl2sql.Words;
import io.lalo.sql.validate.SqlStatementValidator;
import io.lalo.sql.validate.ValidatedStatement;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Offline NL2SQL translation on the demo catalog (six tables, foreign keys, the demo's semantic annotations and an
 * in-memory value index with its categorical values), cycling through questions of every pattern; and translation
 * followed by Calcite validation, which every answer goes through. No grid involved.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = "@config/jvm.options")
@State(Scope.Benchmark)
public class Nl2SqlBenchmark {

    private static final List<String> QUESTIONS = List.of(
            "How many orders were cancelled?",
            "List the names of customers in the Enterprise segment.",
            "What is the average unit price per category?",
            "Which category has the most products?",
            "Show the top 3 orders by total. Give ids.",
            "How many orders are there in each region? Show region name and count.",
            "Which products have a unit price above the average?",
            "How many orders were placed in 2024?",
            "List products with category \"Apparel\" and stock under 15.",
            "What is the total quantity sold of Grocery products?");

    private Catalog catalog;
    private OfflineTranslator translator;
    private ValueIndex.Lookup values;
    private int next;

    @Setup
    public void setUp() {
        ForeignKey customerRegion = ForeignKey.of("CUSTOMERS", "REGION_ID", "REGIONS", "ID");
        ForeignKey employeeRegion = ForeignKey.of("EMPLOYEES", "REGION_ID", "REGIONS", "ID");
        ForeignKey orderCustomer = ForeignKey.of("ORDERS", "CUSTOMER_ID", "CUSTOMERS", "ID");
        ForeignKey orderEmployee = ForeignKey.of("ORDERS", "EMPLOYEE_ID", "EMPLOYEES", "ID");
        ForeignKey orderRegion = ForeignKey.of("ORDERS", "REGION_ID", "REGIONS", "ID");
        ForeignKey lineOrder = ForeignKey.of("ORDER_LINES", "ORDER_ID", "ORDERS", "ID");
        ForeignKey lineProduct = ForeignKey.of("ORDER_LINES", "PRODUCT_ID", "PRODUCTS", "ID");
        catalog = new Catalog(List.of(
                table("REGIONS", List.of(), List.of(customerRegion, employeeRegion, orderRegion),
                        "ID:INTEGER", "NAME:VARCHAR(64)", "COUNTRY:VARCHAR(64)"),
                table("EMPLOYEES", List.of(employeeRegion), List.of(orderEmployee), "ID:INTEGER",
                        "FIRST_NAME:VARCHAR(64)", "LAST_NAME:VARCHAR(64)", "EMAIL:VARCHAR(128)", "TITLE:VARCHAR(64)",
                        "REGION_ID:INTEGER", "MANAGER_ID:INTEGER", "HIRE_DATE:DATE", "SALARY:DECIMAL(10, 2)"),
                table("CUSTOMERS", List.of(customerRegion), List.of(orderCustomer), "ID:INTEGER",
                        "NAME:VARCHAR(128)", "EMAIL:VARCHAR(128)", "SEGMENT:VARCHAR(32)", "CITY:VARCHAR(64)",
                        "REGION_ID:INTEGER", "SIGNUP_DATE:DATE"),
                table("PRODUCTS", List.of(), List.of(lineProduct), "ID:INTEGER", "SKU:VARCHAR(32)",
                        "NAME:VARCHAR(128)", "CATEGORY:VARCHAR(64)", "UNIT_PRICE:DECIMAL(10, 2)",
                        "UNIT_COST:DECIMAL(10, 2)", "STOCK:INTEGER"),
                table("ORDERS", List.of(orderCustomer, orderEmployee, orderRegion), List.of(lineOrder), "ID:BIGINT",
                        "CUSTOMER_ID:INTEGER", "EMPLOYEE_ID:INTEGER", "REGION_ID:INTEGER", "ORDER_DATE:DATE",
                        "STATUS:VARCHAR(16)", "TOTAL:DECIMAL(12, 2)"),
                table("ORDER_LINES", List.of(lineOrder, lineProduct), List.of(), "ORDER_ID:BIGINT",
                        "LINE_NO:INTEGER", "PRODUCT_ID:INTEGER", "QUANTITY:INTEGER", "UNIT_PRICE:DECIMAL(10, 2)",
                        "DISCOUNT:DECIMAL(4, 2)")), Instant.now());
        Map<String, List<ValueIndex.Value>> index = new HashMap<>();
        value(index, "ORDERS", "STATUS", "DELIVERED", "SHIPPED", "PROCESSING", "CANCELLED", "RETURNED");
        value(index, "CUSTOMERS", "SEGMENT", "Consumer", "Small Business", "Corporate", "Enterprise");
        value(index, "PRODUCTS", "CATEGORY", "Electronics", "Home", "Outdoor", "Office", "Apparel", "Grocery");
        value(index, "REGIONS", "NAME", "North America East", "Western Europe", "Oceania", "Asia Pacific");
        values = stems -> index.getOrDefault(String.join(" ", stems), List.of());
        translator = new OfflineTranslator(SemanticAnnotations.load(Path.of("config/semantic")));
    }

    private static void value(Map<String, List<ValueIndex.Value>> index, String table, String column,
                              String... texts) {
        for (String text : texts) {
            index.computeIfAbsent(String.join(" ", Words.text(text)), k -> new ArrayList<>())
                    .add(new ValueIndex.Value(new ColumnRef(table, column, "VARCHAR(64)"), text));
        }
    }

    private static CatalogTable table(String name, List<ForeignKey> out, List<ForeignKey> in, String... columns) {
        List<CatalogColumn> list = java.util.Arrays.stream(columns).map(spec -> {
            String[] parts = spec.split(":", 2);
            return new CatalogColumn(parts[0], parts[1], parts[0].equals("MANAGER_ID"), parts[0].equals("ID"));
        }).toList();
        return new CatalogTable("PUBLIC", name, list, List.of(list.get(0).name()), null, out, in);
    }

    private String nextQuestion() {
        next = (next + 1) % QUESTIONS.size();
        return QUESTIONS.get(next);
    }

    @Benchmark
    public Translation translate() {
        return translator.translate(nextQuestion(), catalog, values, column -> true);
    }

    @Benchmark
    public ValidatedStatement translateAndValidate() {
        Translation translation = translator.translate(nextQuestion(), catalog, values, column -> true);
        return SqlStatementValidator.validate(translation.sql(), catalog);
    }
}
