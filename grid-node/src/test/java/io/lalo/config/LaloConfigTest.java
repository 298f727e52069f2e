package io.lalo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LaloConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaults_matchTheDocumentedValues() {
        LaloConfig config = LaloConfig.defaults();
        assertThat(config.node().instanceName()).isEqualTo("lalo-node-0");
        assertThat(config.node().consistentId()).isEqualTo("lalo-node-0");
        assertThat(config.discovery().addresses()).containsExactly("127.0.0.1:47500..47509");
        assertThat(config.discovery().port()).isEqualTo(47500);
        assertThat(config.clientConnector()).isEqualTo(new LaloConfig.ClientConnector(true, 10800, true, ""));
        assertThat(LaloConfig.load(null, Map.of(), Map.of("storage.persistence", "false")).clientConnector()
                .authentication()).as("follows persistence by default").isFalse();
        assertThat(config.sql().defaultEngine()).isEqualTo("calcite");
        assertThat(config.storage().persistence()).isTrue();
        assertThat(config.storage().dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.storage().walMode()).isEqualTo("LOG_ONLY");
        assertThat(config.storage().dataRegionSize()).isEqualTo(512L << 20);
        assertThat(config.cluster().baselineAutoAdjust()).isTrue();
        assertThat(config.cluster().baselineAutoAdjustTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.cluster().activateOnFirstStart()).isTrue();
        assertThat(config.demo().orders()).isEqualTo(100_000);
        assertThat(config.edge().port()).isEqualTo(8080);
    }

    @Test
    void portOffset_shiftsEveryPort_andNamesTheNode() {
        LaloConfig config = LaloConfig.load(null, Map.of(), Map.of("node.portOffset", "2"));
        assertThat(config.discovery().port()).isEqualTo(47502);
        assertThat(config.discovery().communicationPort()).isEqualTo(47102);
        assertThat(config.clientConnector().port()).isEqualTo(10802);
        assertThat(config.edge().port()).isEqualTo(8082);
        assertThat(config.node().instanceName()).isEqualTo("lalo-node-2");
        assertThat(config.node().consistentId()).isEqualTo("lalo-node-2");
    }

    @Test
    void environment_overridesFile_andFlagsOverrideEnvironment() throws IOException {
        Path file = dir.resolve("lalo.yaml");
        Files.writeString(file, """
                storage:
                  walMode: FSYNC
                  dataRegionSize: 1g
                edge:
                  port: 9000
                discovery:
                  addresses:
                    - 10.0.0.1:47500..47502
                    - 10.0.0.2:47500
                """);
        LaloConfig config = LaloConfig.load(file,
                Map.of("LALO_EDGE_PORT", "9100", "LALO_STORAGE_WAL_MODE", "BACKGROUND"),
                Map.of("storage.walMode", "LOG_ONLY"));
        assertThat(config.edge().port()).isEqualTo(9100);
        assertThat(config.storage().walMode()).isEqualTo("LOG_ONLY");
        assertThat(config.storage().dataRegionSize()).isEqualTo(1L << 30);
        assertThat(config.discovery().addresses()).containsExactly("10.0.0.1:47500..47502", "10.0.0.2:47500");
    }

    @Test
    void envName_isDerivedFromThePath() {
        assertThat(ConfigKeys.STORAGE_WAL_MODE.envName()).isEqualTo("LALO_STORAGE_WAL_MODE");
        assertThat(ConfigKeys.CLUSTER_BASELINE_AUTO_ADJUST_TIMEOUT.envName())
                .isEqualTo("LALO_CLUSTER_BASELINE_AUTO_ADJUST_TIMEOUT");
        assertThat(ConfigKeys.CLIENT_CONNECTOR_PORT.envName()).isEqualTo("LALO_CLIENT_CONNECTOR_PORT");
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("node.portOffset", "-1", "an integer from 0 to 100"),
                Arguments.of("node.portOffset", "abc", "an integer from 0 to 100"),
                Arguments.of("node.instanceName", "bad name!", "1-64 characters"),
                Arguments.of("node.consistentId", "", "1-64 characters"),
                Arguments.of("node.host", " ", "a non-empty string"),
                Arguments.of("discovery.port", "70000", "an integer from 1 to 65535"),
                Arguments.of("discovery.addresses", "localhost", "host:port"),
                Arguments.of("discovery.addresses", "127.0.0.1:47509..47500", "ranges ascending"),
                Arguments.of("communication.port", "0", "an integer from 1 to 65535"),
                Arguments.of("clientConnector.enabled", "yes", "true or false"),
                Arguments.of("clientConnector.port", "port", "an integer from 1 to 65535"),
                Arguments.of("sql.defaultEngine", "mysql", "one of calcite, h2"),
                Arguments.of("sql.resultCache.enabled", "on", "true or false"),
                Arguments.of("clientConnector.authentication", "maybe", "true or false"),
                Arguments.of("nl2sql.llm.url", "ftp://x", "an http:// or https:// URL"),
                Arguments.of("nl2sql.llm.model", "bad model!", "up to 128 letters"),
                Arguments.of("nl2sql.semanticDir", " ", "a file-system path"),
                Arguments.of("nl2sql.llm.timeout", "5m", "a duration from 100ms to 120s"),
                Arguments.of("rag.chunk.maxTokens", "300", "an integer from 16 to 256"),
                Arguments.of("rag.chunk.overlapTokens", "-1", "an integer from 0 to 127"),
                Arguments.of("rag.embedding.threads", "many", "an integer from 0 to 256"),
                Arguments.of("rag.embedding.queue", "0", "an integer from 1 to 1000000"),
                Arguments.of("rag.maxDocumentBytes", "2g", "a size from 1k to 1g"),
                Arguments.of("rag.asyncThresholdBytes", "tiny", "a size from 1k to 1g"),
                Arguments.of("rag.resultCache.entries", "-5", "an integer from 0 to 10000000"),
                Arguments.of("rag.resultCache.ttl", "0s", "a duration from 1000ms to 86400s"),
                Arguments.of("rag.embedding.url", "ftp://x", "an http:// or https:// URL"),
                Arguments.of("rag.embedding.model", "a model with spaces", "up to 128 letters"),
                Arguments.of("rag.embedding.dimensions", "4", "an integer from 8 to 8192"),
                Arguments.of("rag.generation.url", "not a url", "an http:// or https:// URL"),
                Arguments.of("rag.generation.model", "bad model!", "up to 128 letters"),
                Arguments.of("rag.generation.timeout", "1h", "a duration from 100ms to 300s"),
                Arguments.of("workflow.durability", "eventually", "one of sync, async, exit"),
                Arguments.of("mcp.fixtures", "yes", "true or false"),
                Arguments.of("mcp.maxSessions", "0", "an integer from 1 to 10000000"),
                Arguments.of("mcp.maxConcurrentRequests", "-1", "an integer from 1 to 1000000"),
                Arguments.of("workflow.leaseTimeout", "1s", "a duration from 3000ms to 600s"),
                Arguments.of("workflow.maxStateBytes", "2g", "a size from 1k to 1g"),
                Arguments.of("workflow.llm.url", "ftp://x", "an http:// or https:// URL"),
                Arguments.of("workflow.llm.model", "bad model!", "up to 128 letters"),
                Arguments.of("workflow.llm.timeout", "1h", "a duration from 100ms to 600s"),
                Arguments.of("sql.resultCache.ttl", "0s", "a duration from 1000ms to 86400s"),
                Arguments.of("sql.resultCache.maxRows", "0", "an integer from 1 to 1000000"),
                Arguments.of("storage.persistence", "1", "true or false"),
                Arguments.of("storage.dataDir", " ", "a file-system path"),
                Arguments.of("storage.dataRegionSize", "10m", "a size from 64m to 1t"),
                Arguments.of("storage.dataRegionSize", "lots", "a size from 64m to 1t"),
                Arguments.of("storage.walMode", "NONE", "one of LOG_ONLY, FSYNC, BACKGROUND"),
                Arguments.of("storage.walSegmentSize", "2g", "a size from 1m to 1g"),
                Arguments.of("cluster.activateOnFirstStart", "maybe", "true or false"),
                Arguments.of("cluster.baselineAutoAdjust", "on", "true or false"),
                Arguments.of("cluster.baselineAutoAdjustTimeout", "30", "a duration"),
                Arguments.of("cluster.baselineAutoAdjustTimeout", "2h", "a duration from 0ms to 3600s"),
                Arguments.of("cluster.backups", "4", "an integer from 0 to 3"),
                Arguments.of("demo.enabled", "TRUE!", "true or false"),
                Arguments.of("demo.orders", "10", "an integer from 1000 to 10000000"),
                Arguments.of("edge.host", "", "a non-empty string"),
                Arguments.of("edge.port", "99999", "an integer from 1 to 65535"),
                Arguments.of("edge.bodyLimit", "2t", "a size from 1k to 1g"),
                Arguments.of("edge.shutdownTimeout", "-5s", "a duration"),
                Arguments.of("auth.jwtPublicKey", "not a key", "a PEM public key"),
                Arguments.of("auth.jwtIssuer", " ", "a non-empty string"),
                Arguments.of("auth.jwtAudience", "", "a non-empty string"),
                Arguments.of("auth.roleHierarchy", "admin=operator", "parent>child role pairs"),
                Arguments.of("auth.roleHierarchy", "Admin>operator", "parent>child role pairs"),
                Arguments.of("audit.queueCapacity", "10", "an integer from 1000 to 10000000"),
                Arguments.of("audit.flushInterval", "0ms", "a duration from 1ms"),
                Arguments.of("rateLimit.requestsPerMinute", "0", "an integer from 1 to 10000000"),
                Arguments.of("rateLimit.burst", "-3", "an integer from 1 to 1000000"),
                Arguments.of("rateLimit.roles", "admin=fast", "role=perMinute/burst"),
                Arguments.of("governance.requiredApprovals", "11", "an integer from 0 to 10"));
    }

    static Stream<Arguments> badSecrets() {
        return Stream.of(
                Arguments.of("admin.key", "too-short-secret-value"),
                Arguments.of("admin.key", "a secret with spaces in it that is long enough"),
                Arguments.of("auth.jwtSecret", "short-jwt-secret"),
                Arguments.of("nl2sql.llm.apiKey", "an api key with spaces"),
                Arguments.of("rag.embedding.apiKey", "an api key with spaces"),
                Arguments.of("rag.generation.apiKey", "an api key with spaces"),
                Arguments.of("workflow.llm.apiKey", "an api key with spaces"),
                Arguments.of("clientConnector.password", "short"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSecrets")
    void badSecret_isRejected_withoutEchoingIt(String key, String value) {
        ConfigKey<?> configKey = ConfigKeys.ALL.stream().filter(k -> k.path().equals(key)).findFirst().orElseThrow();
        assertThatThrownBy(() -> LaloConfig.load(null, Map.of(configKey.envName(), value), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(key.endsWith("apiKey") ? "without white space"
                        : key.equals("clientConnector.password") ? "at least 12 characters" : "at least 32 characters")
                .hasMessageNotContaining(value)
                .hasMessageContaining("hidden");
    }

    @Test
    void secrets_areAccepted_butNeverShownByToString() {
        String secret = "s3cr3t-".repeat(6);
        LaloConfig config = LaloConfig.load(null, Map.of("LALO_ADMIN_KEY", secret, "LALO_AUTH_JWT_SECRET", secret),
                Map.of());
        assertThat(config.auth().adminKey()).isEqualTo(secret);
        assertThat(config.auth().jwtSecret()).isEqualTo(secret);
        assertThat(config.toString()).doesNotContain(secret);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void badValue_isRejected_withKeyValueAndWhatIsAllowed(String key, String value, String allowed) {
        ConfigKey<?> configKey = ConfigKeys.ALL.stream().filter(k -> k.path().equals(key)).findFirst().orElseThrow();
        assertThatThrownBy(() -> LaloConfig.load(null, Map.of(configKey.envName(), value), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(configKey.envName())
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining(allowed)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void everyKey_hasABadValueTest() {
        List<String> tested = Stream.concat(badValues(), badSecrets()).map(a -> (String) a.get()[0]).distinct()
                .toList();
        assertThat(tested).containsExactlyInAnyOrderElementsOf(ConfigKeys.ALL.stream().map(ConfigKey::path).toList());
    }

    @Test
    void embeddingDimensionsOtherThan384_needAnEmbeddingEndpoint() {
        assertThatThrownBy(() -> LaloConfig.load(null, Map.of(), Map.of("rag.embedding.dimensions", "768")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rag.embedding.dimensions");
        assertThat(LaloConfig.load(null, Map.of(), Map.of("rag.embedding.dimensions", "768",
                "rag.embedding.url", "http://127.0.0.1:9/v1/embeddings")).rag().dimensions()).isEqualTo(768);
    }

    @Test
    void chunkOverlap_ofHalfTheChunkOrMore_isRejected() {
        assertThatThrownBy(() -> LaloConfig.load(null, Map.of(),
                Map.of("rag.chunk.maxTokens", "64", "rag.chunk.overlapTokens", "32")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rag.chunk.overlapTokens")
                .hasMessageContaining("less than half of rag.chunk.maxTokens (64)");
        assertThat(LaloConfig.load(null, Map.of(), Map.of("rag.embedding.threads", "0")).rag().embeddingThreads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void thinClientAuthentication_withoutPersistence_isRejected() {
        assertThatThrownBy(() -> LaloConfig.load(null, Map.of(),
                Map.of("storage.persistence", "false", "clientConnector.authentication", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clientConnector.authentication")
                .hasMessageContaining("storage.persistence is false");
    }

    @Test
    void portBeyondRange_afterOffset_isRejected() {
        assertThatThrownBy(() -> LaloConfig.load(null, Map.of(),
                Map.of("edge.port", "65500", "node.portOffset", "50")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("edge.port")
                .hasMessageContaining("node.portOffset");
    }

    @Test
    void unknownKeyInFile_isRejected() throws IOException {
        Path file = dir.resolve("lalo.yaml");
        Files.writeString(file, "storage:\n  walMod: FSYNC\n");
        assertThatThrownBy(() -> LaloConfig.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.walMod");
    }

    @Test
    void malformedYaml_isRejected_withTheFileName() throws IOException {
        Path file = dir.resolve("lalo.yaml");
        Files.writeString(file, "storage: [unclosed\n");
        assertThatThrownBy(() -> LaloConfig.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void shippedConfigFile_listsEveryKey_withItsDefault() throws IOException {
        Path shipped = Path.of(System.getProperty("lalo.root", "..")).resolve("config/lalo.yaml");
        String text = Files.readString(shipped);
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            String leaf = key.path().substring(key.path().lastIndexOf('.') + 1);
            assertThat(text).as("config/lalo.yaml documents %s", key.path()).contains(leaf + ":");
        }
        assertThat(LaloConfig.load(shipped, Map.of(), Map.of())).isEqualTo(LaloConfig.defaults());
    }
}
