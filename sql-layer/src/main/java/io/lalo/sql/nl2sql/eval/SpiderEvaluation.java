package io.lalo.sql.nl2sql.eval;

import io.lalo.config.LaloConfig;
import io.lalo.grid.GridSql;
import io.lalo.grid.LaloNode;
import io.lalo.schema.ForeignKeyRegistry;
import io.lalo.sql.cache.TableVersions;
import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogService;
import io.lalo.sql.nl2sql.Nl2Sql;
import io.lalo.sql.nl2sql.SemanticAnnotations;
import io.lalo.sql.nl2sql.Translation;
import io.lalo.sql.validate.SqlStatementValidator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.lalo.rag.embed.MiniLmEmbedder;
import io.lalo.sql.nl2sql.NameEmbeddings;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.query.SqlFieldsQuery;

/**
 * {@code scripts/eval-nl2sql DIR}: execution accuracy of the offline translator on a dataset in the layout of
 * Spider ({@code questions.csv} + {@code databases/<db>/schema.sql} and CSV rows). Starts an in-memory node, loads
 * each database in turn, translates every question (no annotations: the schemas are unseen), runs translated and
 * gold SQL and compares results. Prints accuracy overall, per database and per pattern category of the gold SQL,
 * and translation latency P50/P95. Questions whose gold SQL Ignite cannot run are reported and left out.
 */
public final class SpiderEvaluation {

    private static final Pattern BACKTICK = Pattern.compile("`([^`]*)`");
    private static final int MAX_ROWS = 100_000;
    private static final int TIMEOUT_MS = 10_000;

    private final Ignite ignite;
    private final PrintStream out;
    private final NameEmbeddings fuzzy;

    private SpiderEvaluation(Ignite ignite, PrintStream out, NameEmbeddings fuzzy) {
        this.ignite = ignite;
        this.out = out;
        this.fuzzy = fuzzy;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: eval-nl2sql DIR [--verbose] [--no-embeddings]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        if (!Files.isRegularFile(dir.resolve("questions.csv")) || !Files.isDirectory(dir.resolve("databases"))) {
            System.err.println("eval-nl2sql: " + dir + " has no questions.csv and databases/ (Spider layout)");
            System.exit(2);
        }
        boolean verbose = Arrays.asList(args).contains("--verbose");
        Path work = Files.createTempDirectory("lalo-eval");
        LaloConfig config = LaloConfig.load(null, Map.of(), Map.of("storage.persistence", "false",
                "storage.dataDir", work.toString(), "node.instanceName", "lalo-eval", "demo.enabled", "false",
                "discovery.port", "47650", "discovery.addresses", "127.0.0.1:47650..47651",
                "communication.port", "47750", "clientConnector.enabled", "false"));
        LaloNode node = LaloNode.server(config);
        node.start();
        MiniLmEmbedder model = Arrays.asList(args).contains("--no-embeddings") ? null : MiniLmEmbedder.load();
        try {
            Report report = new SpiderEvaluation(node.ignite(), System.out,
                    model == null ? null : new NameEmbeddings(() -> model)).run(dir, verbose);
            System.out.println("Fuzzy linking by MiniLM embeddings: " + (model == null ? "off" : "on"));
            report.print(System.out);
        } finally {
            if (model != null) {
                model.close();
            }
            node.stopAsync().join();
        }
        System.exit(0);
    }

    private Report run(Path dir, boolean verbose) throws IOException {
        Map<String, List<String[]>> byDatabase = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(dir.resolve("questions.csv"), StandardCharsets.UTF_8)) {
            List<List<String>> rows = Csv.read(reader);
            for (List<String> row : rows.subList(1, rows.size())) {
                byDatabase.computeIfAbsent(row.get(0), k -> new ArrayList<>()).add(row.toArray(String[]::new));
            }
        }
        Report report = new Report();
        TableVersions versions = new TableVersions(ignite);
        for (Map.Entry<String, List<String[]>> entry : byDatabase.entrySet()) {
            SpiderDatabase database = SpiderDatabase.read(dir.resolve("databases").resolve(entry.getKey()));
            load(database, dir.resolve("databases").resolve(entry.getKey()).resolve("data"));
            Catalog catalog = new CatalogService(ignite, Clock.systemUTC(), Duration.ofMinutes(10)).catalog();
            Nl2Sql nl2sql = new Nl2Sql(ignite, versions, SemanticAnnotations.NONE, fuzzy);
            for (String[] question : entry.getValue()) {
                evaluate(database.name(), question[1], question[2], catalog, nl2sql, report, verbose);
            }
            drop(database);
        }
        return report;
    }

    private void evaluate(String database, String question, String goldMysql, Catalog catalog, Nl2Sql nl2sql,
                          Report report, boolean verbose) {
        String gold = igniteSql(goldMysql);
        List<List<?>> expected;
        try {
            expected = rows(gold);
        } catch (RuntimeException e) {
            report.goldFailed++;
            return;
        }
        long started = System.nanoTime();
        Translation translation = nl2sql.translate(question, catalog, column -> true);
        report.latenciesMicros.add((System.nanoTime() - started) / 1_000);
        boolean right = false;
        String outcome;
        if (translation.needsClarification()) {
            report.clarifications++;
            outcome = "clarification";
        } else {
            outcome = translation.sql();
            try {
                SqlStatementValidator.validate(translation.sql(), catalog);
                List<List<?>> actual = rows(translation.sql());
                right = ExecutionMatch.same(expected, actual, ExecutionMatch.ordered(gold));
            } catch (RuntimeException e) {
                report.invalid++;
                outcome += "  [" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "]";
            }
        }
        report.add(database, category(gold), right);
        if (verbose && !right) {
            out.println("MISS " + database + " | " + question + "\n  gold: " + gold + "\n  got:  " + outcome);
        }
    }

    /** A query's rows, refusing (as a failure) results over {@value #MAX_ROWS} rows or {@value #TIMEOUT_MS} ms. */
    private List<List<?>> rows(String sql) {
        try (var cursor = GridSql.query(ignite, new SqlFieldsQuery(sql).setSchema("PUBLIC")
                .setTimeout(TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS))) {
            List<List<?>> rows = new ArrayList<>();
            for (List<?> row : cursor) {
                if (rows.size() == MAX_ROWS) {
                    throw new IllegalStateException("more than " + MAX_ROWS + " rows");
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** The dataset's MySQL quoting to Ignite's: `name` → "NAME" (tables and columns were created upper-case). */
    static String igniteSql(String mysql) {
        Matcher m = BACKTICK.matcher(mysql);
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sql, Matcher.quoteReplacement("\"" + m.group(1).toUpperCase(Locale.ROOT) + "\""));
        }
        m.appendTail(sql);
        return sql.toString();
    }

    /** The pattern a gold query exercises, most specific first. */
    static String category(String gold) {
        String sql = gold.toUpperCase(Locale.ROOT);
        if (sql.contains(" INTERSECT ") || sql.contains(" UNION ") || sql.contains(" EXCEPT ")) {
            return "set-operation";
        }
        if (sql.indexOf("SELECT", 1) > 0) {
            return "nested";
        }
        if (sql.contains(" JOIN ")) {
            return "join";
        }
        if (sql.contains("GROUP BY")) {
            return sql.contains("HAVING") ? "having" : "group-by";
        }
        if (sql.contains("ORDER BY")) {
            return sql.contains("LIMIT") ? "top-n" : "order";
        }
        if (sql.matches(".*\\b(COUNT|SUM|AVG|MIN|MAX)\\(.*")) {
            return "aggregate";
        }
        return sql.contains(" WHERE ") ? "filter" : "projection";
    }

    private void load(SpiderDatabase database, Path data) throws IOException {
        ForeignKeyRegistry foreignKeys = new ForeignKeyRegistry(ignite);
        for (SpiderDatabase.Table table : database.tables()) {
            List<String> columns = new ArrayList<>();
            table.columns().forEach(c -> columns.add("\"" + c.name() + "\" " + c.type()));
            List<String> key = table.primaryKey().isEmpty()
                    ? table.columns().stream().map(SpiderDatabase.Column::name).toList() : table.primaryKey();
            GridSql.rows(ignite, new SqlFieldsQuery("CREATE TABLE \"" + table.name() + "\" (" + String.join(", ",
                    columns) + ", PRIMARY KEY (" + String.join(", ", key.stream().map(k -> "\"" + k + "\"").toList())
                    + ")) WITH \"template=replicated\""));
            Path csv = data.resolve(table.sourceName() + ".csv");
            if (Files.exists(csv)) {
                insert(table, csv);
            }
        }
        database.foreignKeys().forEach(foreignKeys::register);
    }

    private void insert(SpiderDatabase.Table table, Path csv) throws IOException {
        List<List<String>> rows;
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            rows = Csv.read(reader);
        }
        if (rows.isEmpty()) {
            return;
        }
        List<String> header = rows.get(0).stream().map(SpiderDatabase::upper).toList();
        String placeholders = String.join(", ", header.stream().map(h -> "?").toList());
        String insert = "INSERT INTO \"" + table.name() + "\" (" + String.join(", ",
                header.stream().map(h -> "\"" + h + "\"").toList()) + ") VALUES (" + placeholders + ")";
        Map<String, String> types = new HashMap<>();
        table.columns().forEach(c -> types.put(c.name(), c.type()));
        for (List<String> row : rows.subList(1, rows.size())) {
            Object[] values = new Object[header.size()];
            for (int i = 0; i < header.size() && i < row.size(); i++) {
                values[i] = value(row.get(i), types.getOrDefault(header.get(i), "VARCHAR"));
            }
            try {
                GridSql.rows(ignite, new SqlFieldsQuery(insert).setArgs(values));
            } catch (RuntimeException duplicateOrInvalid) {
                // The dataset has a few rows that break their own keys; MySQL would have refused them too.
            }
        }
    }

    private static Object value(String text, String type) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return switch (type) {
                case "BIGINT" -> Long.valueOf(text.contains(".") ? text.substring(0, text.indexOf('.')) : text);
                case "DOUBLE" -> Double.valueOf(text);
                default -> text;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void drop(SpiderDatabase database) {
        for (SpiderDatabase.Table table : database.tables()) {
            GridSql.rows(ignite, new SqlFieldsQuery("DROP TABLE IF EXISTS \"" + table.name() + "\""));
        }
        GridSql.rows(ignite, new SqlFieldsQuery("DELETE FROM " + ForeignKeyRegistry.SCHEMA + "."
                + ForeignKeyRegistry.TABLE));
    }

    /** Tallies by database and category, and translation latencies. */
    static final class Report {
        final Map<String, int[]> byDatabase = new TreeMap<>();
        final Map<String, int[]> byCategory = new TreeMap<>();
        final List<Long> latenciesMicros = new ArrayList<>();
        int right;
        int total;
        int goldFailed;
        int clarifications;
        int invalid;

        void add(String database, String category, boolean correct) {
            total++;
            right += correct ? 1 : 0;
            tally(byDatabase, database, correct);
            tally(byCategory, category, correct);
        }

        private static void tally(Map<String, int[]> map, String key, boolean correct) {
            int[] counts = map.computeIfAbsent(key, k -> new int[2]);
            counts[0] += correct ? 1 : 0;
            counts[1]++;
        }

        void print(PrintStream out) {
            out.printf(Locale.ROOT, "Execution accuracy: %d/%d = %.1f%% (offline translator, no annotations)%n",
                    right, total, percent(right, total));
            out.printf(Locale.ROOT, "  gold SQL Ignite could not run (left out): %d; clarifications asked: %d; "
                    + "translations that failed to validate or run: %d%n", goldFailed, clarifications, invalid);
            out.println("By database:");
            byDatabase.forEach((k, v) -> out.printf(Locale.ROOT, "  %-24s %3d/%-3d %5.1f%%%n", k, v[0], v[1],
                    percent(v[0], v[1])));
            out.println("By pattern of the gold SQL:");
            byCategory.forEach((k, v) -> out.printf(Locale.ROOT, "  %-24s %3d/%-3d %5.1f%%%n", k, v[0], v[1],
                    percent(v[0], v[1])));
            List<Long> sorted = latenciesMicros.stream().sorted().toList();
            if (!sorted.isEmpty()) {
                out.printf(Locale.ROOT, "Translation latency: P50 %.2f ms, P95 %.2f ms, max %.2f ms (%d questions)%n",
                        sorted.get(sorted.size() / 2) / 1000.0, sorted.get((int) (sorted.size() * 0.95)) / 1000.0,
                        sorted.get(sorted.size() - 1) / 1000.0, sorted.size());
            }
        }

        private static double percent(int part, int whole) {
            return whole == 0 ? 0 : 100.0 * part / whole;
        }
    }
}
