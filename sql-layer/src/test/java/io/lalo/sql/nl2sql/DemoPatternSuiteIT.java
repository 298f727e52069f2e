package io.lalo.sql.nl2sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.grid.GridSql;
import io.lalo.sql.cache.TableVersions;
import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogService;
import io.lalo.sql.nl2sql.eval.ExecutionMatch;
import io.lalo.testing.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pattern suite ({@code nl2sql/demo-patterns.psv}, 200+ questions over the demo schema, written before the
 * translator was tuned): each question is translated offline and executed, and its result compared with the gold
 * SQL's. The suite must score at least 95 % execution accuracy, overall.
 */
class DemoPatternSuiteIT {

    @TempDir
    static Path dir;

    static TestCluster cluster;
    static Nl2Sql nl2sql;
    static Catalog catalog;
    static io.lalo.rag.embed.MiniLmEmbedder model;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(dir, 1, Map.of("demo.enabled", "true", "demo.orders", "2000"));
        Ignite ignite = cluster.node(0).ignite();
        model = io.lalo.rag.embed.MiniLmEmbedder.load();
        // As LALO runs it: fuzzy linking by the MiniLM model on.
        nl2sql = new Nl2Sql(ignite, new TableVersions(ignite),
                SemanticAnnotations.load(Path.of("../config/semantic")), new NameEmbeddings(() -> model));
        catalog = new CatalogService(ignite, Clock.systemUTC(), Duration.ofSeconds(1)).catalog();
    }

    @AfterAll
    static void stop() {
        if (model != null) {
            model.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    record Case(String category, String question, String gold) {
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = DemoPatternSuiteIT.class.getResourceAsStream("/nl2sql/demo-patterns.psv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\|", 3);
                cases.add(new Case(parts[0], parts[1], parts[2]));
            }
        }
        return cases;
    }

    @Test
    void patternSuite_scoresAtLeast95Percent() throws IOException {
        Ignite ignite = cluster.node(0).ignite();
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
        int right = 0;
        Map<String, int[]> byCategory = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            Translation translation = nl2sql.translate(c.question(), catalog, column -> true);
            boolean ok = false;
            String detail;
            if (translation.needsClarification()) {
                detail = "clarification: " + translation.clarification();
            } else {
                detail = translation.sql();
                try {
                    List<List<?>> expected = GridSql.rows(ignite, new SqlFieldsQuery(c.gold()));
                    List<List<?>> actual = GridSql.rows(ignite, new SqlFieldsQuery(translation.sql()));
                    ok = ExecutionMatch.same(expected, actual, ExecutionMatch.ordered(c.gold()));
                } catch (RuntimeException e) {
                    detail += "  -> " + e.getMessage().lines().findFirst().orElse("");
                }
            }
            int[] counts = byCategory.computeIfAbsent(c.category(), k -> new int[2]);
            counts[1]++;
            if (ok) {
                right++;
                counts[0]++;
            } else {
                wrong.add(c.category() + " | " + c.question() + "\n    gold: " + c.gold() + "\n    got:  " + detail);
            }
        }
        double accuracy = 100.0 * right / cases.size();
        System.out.printf("NL2SQL pattern suite: %d/%d = %.1f%%%n", right, cases.size(), accuracy);
        byCategory.forEach((category, counts) -> System.out.printf("  %-16s %d/%d%n", category, counts[0],
                counts[1]));
        wrong.forEach(w -> System.out.println("WRONG " + w));
        assertThat(accuracy).as("execution accuracy on the pattern suite").isGreaterThanOrEqualTo(95.0);
    }
}
