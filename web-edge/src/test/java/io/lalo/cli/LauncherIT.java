package io.lalo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.testing.TestPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/lalo} as a user runs it: separate JVM processes for {@code start}, {@code node} and {@code edge},
 * {@code sql -e} against them, bad configuration and bad command lines.
 */
class LauncherIT {

    @TempDir
    Path dir;

    /** Environment that keeps the test's processes on their own ports and data, away from a developer's LALO. */
    private static Map<String, String> env(TestPorts ports) {
        Map<String, String> env = new HashMap<>();
        env.put("LALO_DISCOVERY_PORT", Integer.toString(ports.discovery()));
        env.put("LALO_DISCOVERY_ADDRESSES", "127.0.0.1:" + ports.discovery() + ".." + (ports.discovery() + 4));
        env.put("LALO_COMMUNICATION_PORT", Integer.toString(ports.communication()));
        env.put("LALO_CLIENT_CONNECTOR_PORT", Integer.toString(ports.clientConnector()));
        env.put("LALO_EDGE_PORT", Integer.toString(ports.edge()));
        env.put("LALO_STORAGE_DATA_REGION_SIZE", "256m");
        env.put("LALO_STORAGE_WAL_SEGMENT_SIZE", "2m");
        env.put("LALO_DEMO_ORDERS", "1000");
        env.put("LALO_CLUSTER_BASELINE_AUTO_ADJUST_TIMEOUT", "1s");
        env.put("LALO_JAVA_OPTS", "-Xmx384m");
        return env;
    }

    private static int status(String url, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String post(String url, String bearer, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void startNodeEdgeAndSql_workAsSeparateProcesses() throws Exception {
        TestPorts ports = TestPorts.allocate();
        Map<String, String> env = env(ports);
        String edge = "http://127.0.0.1:" + ports.edge();
        try (LaloProcess start = LaloProcess.start(dir, env, "start", "--data-dir", dir.resolve("n0").toString())) {
            start.awaitHttp200(edge + "/health/ready", Duration.ofSeconds(120));
            assertThat(start.output()).contains("jdbc:ignite:thin://127.0.0.1:" + ports.clientConnector());

            Matcher printed = Pattern.compile("Admin key\\s+(lalo_\\S+)").matcher(start.output());
            assertThat(printed.find()).as(start.output()).isTrue();
            String adminKey = printed.group(1);
            Path keyFile = dir.resolve("n0").resolve("admin.key");
            assertThat(Files.readString(keyFile).strip()).isEqualTo(adminKey);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
            assertThat(status(edge + "/v1/me", adminKey)).isEqualTo(200);
            assertThat(status(edge + "/v1/me", null)).isEqualTo(401);
            String found = post(edge + "/v1/rag/search", adminKey,
                    "{\"query\": \"how long until a refund is paid\", \"k\": 3}");
            assertThat(found).as("the demo handbook is searchable").contains("\"docId\":\"demo-returns-policy\"");

            Path handbook = Files.writeString(dir.resolve("parking.md"), "# Parking\n\nStaff park in garage B.");
            LaloProcess.Result ingested = LaloProcess.run(dir, env, "ingest", "--url", edge, "--data-dir",
                    dir.resolve("n0").toString(), handbook.toString());
            assertThat(ingested.exitCode()).as(ingested.output()).isZero();
            assertThat(ingested.output()).contains("parking.md  created");

            Matcher password = Pattern.compile("JDBC pass\\s+(\\S+)").matcher(start.output());
            assertThat(password.find()).as(start.output()).isTrue();
            Path passwordFile = dir.resolve("n0").resolve("thin-client.password");
            assertThat(Files.readString(passwordFile).strip()).isEqualTo(password.group(1));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");
            String n0 = dir.resolve("n0").toString();
            LaloProcess.Result refused = LaloProcess.run(dir, env, "sql", "--port",
                    Integer.toString(ports.clientConnector()), "--data-dir", dir.resolve("nowhere").toString(), "-e",
                    "SELECT COUNT(*) FROM ORDERS");
            assertThat(refused.exitCode()).as("no password, no SQL").isEqualTo(1);
            assertThat(refused.output().strip()).startsWith("lalo sql: login refused").doesNotContain("\tat ");

            LaloProcess.Result count = LaloProcess.run(dir, env, "sql", "--port",
                    Integer.toString(ports.clientConnector()), "--data-dir", n0, "-e",
                    "SELECT COUNT(*) AS ORDER_COUNT FROM ORDERS");
            assertThat(count.exitCode()).as(count.output()).isZero();
            assertThat(count.output()).contains("ORDER_COUNT").containsPattern("\\|\\s+1000 \\|");

            LaloProcess.Result shell = LaloProcess.runWithInput(dir, env,
                    "SELECT COUNT(*) AS REGION_COUNT FROM REGIONS;\n!quit\n", "sql", "--port",
                    Integer.toString(ports.clientConnector()), "--password", password.group(1));
            assertThat(shell.exitCode()).as(shell.output()).isZero();
            assertThat(shell.output()).contains("sqlline").contains("REGION_COUNT").containsPattern("\\|\\s+8\\s+\\|");

            LaloProcess.Result bad = LaloProcess.run(dir, env, "sql", "--port",
                    Integer.toString(ports.clientConnector()), "--data-dir", n0, "-e", "SELECT * FROM NO_SUCH_TABLE");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.output().strip()).startsWith("lalo sql:").contains("NO_SUCH_TABLE").doesNotContain("\tat ");

            try (LaloProcess node = LaloProcess.start(dir, env, "node", "--port-offset", "1",
                         "--data-dir", dir.resolve("n1").toString());
                 LaloProcess edgeOnly = LaloProcess.start(dir, env, "edge", "--port-offset", "2")) {
                String secondEdge = "http://127.0.0.1:" + (ports.edge() + 2);
                edgeOnly.awaitHttp200(secondEdge + "/health/ready", Duration.ofSeconds(120));
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                String ready = get(secondEdge + "/health/ready");
                while (!ready.contains("\"serverNodes\":2") && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    ready = get(secondEdge + "/health/ready");
                }
                assertThat(ready).as(node.output()).contains("\"serverNodes\":2").contains("\"clientNodes\":1");

                assertThat(edgeOnly.terminate(Duration.ofSeconds(60))).as(edgeOnly.output()).isIn(0, 143);
                assertThat(node.terminate(Duration.ofSeconds(60))).as(node.output()).isIn(0, 143);
            }
            assertThat(start.terminate(Duration.ofSeconds(60))).as(start.output()).isIn(0, 143);
            assertThat(start.output()).contains("Stopping LALO")
                    .doesNotContainPattern("ERROR\\s+(io|i)\\.l(alo)?\\.")
                    .doesNotContain("RejectedExecutionException");
        }
    }

    @Test
    void badConfigurationValue_stopsWithOneLineNamingKeyValueAndAllowed() throws Exception {
        Map<String, String> env = env(TestPorts.allocate());
        env.put("LALO_STORAGE_WAL_MODE", "SOMETIMES");
        LaloProcess.Result result = LaloProcess.run(dir, env, "start");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output().strip().lines()).hasSize(1).first().asString()
                .contains("storage.walMode").contains("LALO_STORAGE_WAL_MODE").contains("SOMETIMES")
                .contains("LOG_ONLY, FSYNC, BACKGROUND");
    }

    @Test
    void badFlagValue_isRejectedLikeTheConfigKeyItSets() throws Exception {
        LaloProcess.Result result = LaloProcess.run(dir, env(TestPorts.allocate()), "node", "--port-offset", "x");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("node.portOffset").contains("'x'");
    }

    @Test
    void unknownCommandOrOption_printsUsage_andExitsNonZero() throws Exception {
        LaloProcess.Result command = LaloProcess.run(dir, Map.of(), "launch");
        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.output()).contains("unknown command 'launch'").contains("Usage: lalo");

        LaloProcess.Result option = LaloProcess.run(dir, Map.of(), "start", "--turbo");
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.output()).contains("unknown option '--turbo'").contains("Usage: lalo");

        LaloProcess.Result sqlOption = LaloProcess.run(dir, Map.of(), "sql", "--bogus");
        assertThat(sqlOption.exitCode()).isEqualTo(2);
        assertThat(sqlOption.output()).contains("unknown option '--bogus'");
    }

    @Test
    void helpOnEachCommand_describesItsOptions() throws Exception {
        assertThat(LaloProcess.run(dir, Map.of(), "--help").output())
                .contains("start").contains("node").contains("edge").contains("sql");
        for (String command : new String[] {"start", "node", "edge", "sql"}) {
            LaloProcess.Result help = LaloProcess.run(dir, Map.of(), command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.output()).contains("Usage: lalo " + command).contains("--help");
        }
        assertThat(LaloProcess.run(dir, Map.of(), "node", "--help").output()).contains("--port-offset")
                .contains("--data-dir").contains("--no-demo");
        assertThat(LaloProcess.run(dir, Map.of(), "sql", "--help").output()).contains("-e");
    }
}
