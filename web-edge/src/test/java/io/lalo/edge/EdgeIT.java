package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lalo.grid.LaloNode;
import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.lalo.testing.TestSql;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.ignite.cluster.ClusterState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP edge in front of one persistent node: health, metrics, docs and the error envelope. */
class EdgeIT {

    @TempDir
    static Path dir;

    static TestEdge lalo;
    static LaloNode node;
    static EdgeServer edge;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0, Map.of("edge.bodyLimit", "4k")));
        node = lalo.node();
        edge = lalo.edge();
        TestSql.rows(node.ignite(), "CREATE TABLE NOTES (ID INT PRIMARY KEY, BODY VARCHAR)");
        edge.router().get("/test/boom").handler(ctx -> {
            throw new IllegalStateException("secret internal detail");
        });
        http = new Http(edge.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) {
            http.close();
        }
        if (lalo != null) {
            lalo.close();
        }
    }

    private static void assertEnvelope(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        String requestId = response.getHeader("X-Request-Id");
        assertThat(requestId).isNotBlank();
        JsonObject error = Http.json(response).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("message")).isNotBlank();
        assertThat(error.getJsonObject("details")).isNotNull();
        assertThat(error.getString("requestId")).isEqualTo(requestId);
    }

    @Test
    void live_answers200() {
        HttpResponse<Buffer> response = http.get("/health/live");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.json(response).getString("status")).isEqualTo("live");
    }

    @Test
    void ready_reportsTheGrid_asHealthy() {
        HttpResponse<Buffer> response = http.get("/health/ready");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject body = Http.json(response);
        assertThat(body.getString("status")).isEqualTo("healthy");
        JsonObject grid = body.getJsonObject("checks").getJsonObject("grid");
        assertThat(grid.getString("state")).isEqualTo("ACTIVE");
        assertThat(grid.getInteger("serverNodes")).isEqualTo(1);
        assertThat(grid.getInteger("baselineOnline")).isEqualTo(1);
    }

    @Test
    void ready_answers503_whileTheGridIsInactive() {
        node.ignite().cluster().state(ClusterState.INACTIVE);
        try {
            HttpResponse<Buffer> response = http.get("/health/ready");
            assertThat(response.statusCode()).isEqualTo(503);
            JsonObject body = Http.json(response);
            assertThat(body.getString("status")).isEqualTo("unhealthy");
            assertThat(body.getJsonObject("checks").getJsonObject("grid").getString("state")).isEqualTo("INACTIVE");
            assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
        } finally {
            node.ignite().cluster().state(ClusterState.ACTIVE);
        }
        assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void everyResponse_carriesARequestId_andAPlainClientIdIsEchoed() {
        HttpResponse<Buffer> echoed = Http.await(http.request(HttpMethod.GET, "/health/live")
                .putHeader("X-Request-Id", "trace-42.a").send());
        assertThat(echoed.getHeader("X-Request-Id")).isEqualTo("trace-42.a");
        HttpResponse<Buffer> replaced = Http.await(http.request(HttpMethod.GET, "/nope")
                .putHeader("X-Request-Id", "bad id\twith<script>").send());
        assertThat(replaced.getHeader("X-Request-Id")).matches("[0-9a-f\\-]{36}");
        assertThat(Http.json(replaced).getJsonObject("error").getString("requestId"))
                .isEqualTo(replaced.getHeader("X-Request-Id"));
        assertThat(http.get("/metrics").getHeader("X-Request-Id")).isNotBlank();
    }

    @Test
    void metrics_exposePrometheusText_withJvmHttpAndGridMeters() {
        http.get("/health/live");
        HttpResponse<Buffer> response = http.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
        Map<String, Double> samples = PrometheusText.parse(response.bodyAsString());
        assertThat(samples.keySet()).anyMatch(name -> name.startsWith("jvm_memory_used_bytes{"));
        assertThat(samples.keySet()).anyMatch(name -> name.startsWith("jvm_gc_"));
        assertThat(samples.keySet()).anyMatch(name -> name.startsWith("vertx_http_server_requests_total{")
                && name.contains("route=\"/health/live\""));
        assertThat(samples).containsEntry("ignite_cluster_nodes{role=\"server\"}", 1.0);
        assertThat(samples).containsEntry("ignite_cluster_active", 1.0);
        assertThat(samples).containsEntry("ignite_cache_size_entries{cache=\"SQL_PUBLIC_NOTES\"}", 0.0);
    }

    @Test
    void unknownRoute_gets404Envelope() {
        assertEnvelope(http.get("/v1/no/such/route"), 404, "NOT_FOUND");
    }

    @Test
    void wrongMethod_gets405Envelope() {
        assertEnvelope(http.send(HttpMethod.DELETE, "/health/ready", null, Buffer.buffer()), 405,
                "METHOD_NOT_ALLOWED");
    }

    @Test
    void oversizedBody_gets413Envelope() {
        String big = "{\"text\":\"" + "x".repeat(8_000) + "\"}";
        assertEnvelope(http.send(HttpMethod.POST, "/health/live", "application/json", Buffer.buffer(big)), 413,
                "PAYLOAD_TOO_LARGE");
    }

    @Test
    void oversizedChunkedBody_gets413Envelope() {
        String big = "{\"text\":\"" + "y".repeat(8_000) + "\"}";
        Http.RawResponse response = http.sendChunked("/health/live", "application/json", Buffer.buffer(big));
        assertThat(response.status()).isEqualTo(413);
        JsonObject error = new JsonObject(response.body()).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(error.getString("requestId")).isEqualTo(response.requestId());
    }

    @Test
    void wrongContentType_gets415Envelope() {
        assertEnvelope(http.send(HttpMethod.POST, "/health/live", "text/plain", Buffer.buffer("hello")), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertEnvelope(http.send(HttpMethod.POST, "/health/live", null, Buffer.buffer("{}")), 415,
                "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void jsonBodyOnAGetOnlyRoute_gets405Envelope() {
        assertEnvelope(http.send(HttpMethod.POST, "/health/live", "application/json; charset=utf-8",
                Buffer.buffer("{}")), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void unexpectedFailure_gets500Envelope_withoutInternalDetail() {
        HttpResponse<Buffer> response = http.get("/test/boom");
        assertEnvelope(response, 500, "INTERNAL");
        assertThat(response.bodyAsString()).doesNotContain("secret internal detail").doesNotContain("Exception");
    }

    @Test
    void openApi_documentsEveryRoute() throws Exception {
        HttpResponse<Buffer> response = http.get("/openapi.yaml");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(response.bodyAsString());
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        JsonNode paths = doc.get("paths");
        List<String> missing = new ArrayList<>();
        for (Route route : edge.router().getRoutes()) {
            if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()
                    || route.getPath().startsWith("/test/")) {
                continue;
            }
            // Vert.x reports a prefix route "/docs/*" as "/docs/"; the document names its tail {asset}.
            String path = Pattern.compile(":(\\w+)").matcher(route.getPath()).replaceAll("{$1}");
            if (path.length() > 1 && path.endsWith("/")) {
                path += "{asset}";
            }
            for (HttpMethod method : route.methods()) {
                JsonNode item = paths.get(path);
                if (item == null || item.get(method.name().toLowerCase(Locale.ROOT)) == null) {
                    missing.add(method + " " + path);
                }
            }
        }
        assertThat(missing).as("routes missing from openapi.yaml").isEmpty();
    }

    @Test
    void docs_serveSwaggerUi_pointedAtTheOpenApiDocument() {
        HttpResponse<Buffer> redirect = http.get("/docs");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.getHeader("Location")).isEqualTo("/docs/");
        HttpResponse<Buffer> page = http.get("/docs/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.bodyAsString()).contains("swagger-ui");
        assertThat(http.get("/docs/swagger-initializer.js").bodyAsString()).contains("/openapi.yaml");
        assertThat(http.get("/docs/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
        assertEnvelope(http.get("/docs/no-such-asset.js"), 404, "NOT_FOUND");
    }
}
