package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance} from npm, on Node 22 fetched by npx)
 * against LALO's own edge in the conformance test mode ({@code mcp.fixtures}). Every server scenario of the whole
 * suite (the active ones and those still pending, such as SSE polling with reconnection) must pass; the suite's output and per-scenario checks are kept in {@code web-edge/target/mcp-conformance} (the CI
 * artifact).
 */
class McpConformanceIT {

    static final String SUITE = "@modelcontextprotocol/conformance@0.1.16";
    static final Path OUTPUT = Path.of("target/mcp-conformance");

    @TempDir
    static Path dir;

    static TestEdge lalo;

    @BeforeAll
    static void start() throws Exception {
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0, Map.of("mcp.fixtures", "true")));
    }

    @AfterAll
    static void stop() throws Exception {
        lalo.close();
    }

    @Test
    void officialSuite_passesEveryServerScenario() throws Exception {
        Files.createDirectories(OUTPUT);
        Path log = OUTPUT.resolve("summary.txt");
        Process suite = new ProcessBuilder("npx", "-y", "-p", "node@22", "-p", SUITE, "-c",
                "conformance server --suite all --url http://127.0.0.1:" + lalo.port() + "/mcp -o "
                        + OUTPUT.toAbsolutePath())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(suite.waitFor(10, TimeUnit.MINUTES)).as("the suite finished").isTrue();
        String output = Files.readString(log);
        Matcher total = Pattern.compile("Total: (\\d+) passed, (\\d+) failed").matcher(output);
        assertThat(total.find()).as("the suite ran:\n" + output).isTrue();
        List<String> failed = output.lines().filter(line -> line.startsWith("✗")).toList();
        assertThat(failed).as(output).isEmpty();
        assertThat(Integer.parseInt(total.group(2))).isZero();
        assertThat(output.lines().filter(line -> line.startsWith("✓")).count()).as("scenarios passed")
                .isGreaterThanOrEqualTo(32);
    }
}
