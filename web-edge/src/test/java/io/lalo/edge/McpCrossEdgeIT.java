package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.grid.LaloNode;
import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call on one edge asks the client for a model completion ({@code sampling/createMessage} on the call's event
 * stream); the client answers through another edge of the same cluster, and the call on the first edge gets it.
 */
class McpCrossEdgeIT {

    @TempDir
    static Path dir;

    static TestEdge first;
    static TestEdge second;

    @BeforeAll
    static void start() throws Exception {
        TestPorts ports = TestPorts.allocate();
        first = TestEdge.server(TestConfigs.config(ports, dir, 0, Map.of("mcp.fixtures", "true")));
        second = TestEdge.start(LaloNode.client(TestConfigs.config(ports, dir, 1, Map.of("mcp.fixtures", "true"))));
    }

    @AfterAll
    static void stop() throws Exception {
        second.close();
        first.close();
    }

    static HttpRequest.Builder post(int port, String session, JsonObject message) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(message.encode()));
        if (session != null) {
            request.header("MCP-Session-Id", session);
        }
        return request;
    }

    @Test
    void aClientsAnswer_reachesTheCallOnAnotherEdge() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> opened = http.send(post(first.port(), null, new JsonObject().put("jsonrpc", "2.0")
                .put("id", 1).put("method", "initialize").put("params", new JsonObject()
                        .put("protocolVersion", "2025-11-25").put("capabilities", new JsonObject()
                                .put("sampling", new JsonObject())))).build(), HttpResponse.BodyHandlers.ofString());
        String session = opened.headers().firstValue("MCP-Session-Id").orElseThrow();

        HttpResponse<Stream<String>> call = http.send(post(first.port(), session, new JsonObject()
                .put("jsonrpc", "2.0").put("id", 2).put("method", "tools/call").put("params", new JsonObject()
                        .put("name", "test_sampling").put("arguments", new JsonObject().put("prompt", "hello"))))
                .build(), HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = call.body().iterator();
        JsonObject asked = next(lines, "sampling/createMessage");
        assertThat(asked.getJsonObject("params").encode()).contains("hello");

        HttpResponse<String> relayed = http.send(post(second.port(), session, new JsonObject().put("jsonrpc", "2.0")
                .put("id", asked.getValue("id")).put("result", new JsonObject().put("role", "assistant")
                        .put("model", "stand-in").put("content", new JsonObject().put("type", "text")
                                .put("text", "answered through the other edge")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(relayed.statusCode()).isEqualTo(202);

        JsonObject result = next(lines, "\"id\":2");
        assertThat(result.getJsonObject("result").encode()).contains("LLM response: answered through the other edge");
    }

    /** The next event whose data contains {@code marker}. */
    static JsonObject next(Iterator<String> lines, String marker) {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data:") && line.contains(marker)) {
                return new JsonObject(line.substring(5).strip());
            }
        }
        throw new AssertionError("the stream ended without " + marker);
    }
}
