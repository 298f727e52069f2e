package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP server over real HTTP: the Streamable HTTP transport's sessions, headers and JSON-RPC errors message by
 * message, LALO's tools under the caller's governance, and the official MCP Java SDK client talking to it.
 */
class McpHttpIT {

    @TempDir
    static Path dir;

    static TestEdge lalo;
    static TestEdge second;
    static Http ann;
    static Http vic;
    static Http anonymous;

    @BeforeAll
    static void start() throws Exception {
        TestPorts ports = TestPorts.allocate();
        lalo = TestEdge.server(TestConfigs.config(ports, dir, 0, Map.of("demo.enabled", "true")));
        // Another edge of the same grid, on a client node: any edge serves any session.
        second = TestEdge.start(io.lalo.grid.LaloNode.client(TestConfigs.config(ports, dir, 1, Map.of())));
        ann = lalo.clientAs("ann", "analyst", Map.of("region", "EMEA"));
        vic = lalo.clientAs("vic", "viewer", Map.of());
        anonymous = lalo.track(new Http(lalo.port(), null));
    }

    @AfterAll
    static void stop() throws Exception {
        second.close();
        lalo.close();
    }

    static HttpResponse<Buffer> post(Http client, String session, Object message, Map<String, String> headers) {
        HttpRequest<Buffer> request = client.request(HttpMethod.POST, "/mcp")
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json, text/event-stream");
        if (session != null) {
            request.putHeader("MCP-Session-Id", session);
        }
        headers.forEach(request::putHeader);
        return Http.await(request.sendBuffer(Buffer.buffer(message instanceof String text ? text
                : message instanceof JsonObject json ? json.encode() : ((JsonArray) message).encode())));
    }

    static JsonObject request(int id, String method, JsonObject params) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method).put("params", params);
    }

    static String initialize(Http client, String version) {
        HttpResponse<Buffer> response = post(client, null, request(1, "initialize", new JsonObject()
                .put("protocolVersion", version).put("capabilities", new JsonObject())
                .put("clientInfo", new JsonObject().put("name", "test").put("version", "1"))), Map.of());
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.getHeader("MCP-Session-Id");
    }

    static JsonObject call(Http client, String session, String tool, JsonObject arguments) {
        HttpResponse<Buffer> response = post(client, session, request(7, "tools/call", new JsonObject()
                .put("name", tool).put("arguments", arguments)), Map.of());
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return Http.json(response);
    }

    @Test
    void initialize_negotiatesTheRevision_andOpensASession() {
        HttpResponse<Buffer> response = post(ann, null, request(1, "initialize", new JsonObject()
                .put("protocolVersion", "2025-06-18").put("capabilities", new JsonObject())
                .put("clientInfo", new JsonObject().put("name", "test").put("version", "1"))), Map.of());
        JsonObject result = Http.json(response).getJsonObject("result");
        assertThat(result.getString("protocolVersion")).isEqualTo("2025-06-18");
        assertThat(result.getJsonObject("capabilities").containsKey("tools")).isTrue();
        assertThat(result.getJsonObject("serverInfo").getString("name")).isEqualTo("lalo");
        assertThat(response.getHeader("MCP-Session-Id")).isNotBlank();

        JsonObject newer = Http.json(post(ann, null, request(1, "initialize", new JsonObject()
                .put("protocolVersion", "2031-01-01")), Map.of()));
        assertThat(newer.getJsonObject("result").getString("protocolVersion")).as("our latest")
                .isEqualTo("2025-11-25");
    }

    @Test
    void sessions_areRequired_checked_andEndedByDelete() {
        String session = initialize(ann, "2025-11-25");
        JsonObject ping = request(2, "ping", new JsonObject());
        assertThat(post(ann, null, ping, Map.of()).statusCode()).as("no session header").isEqualTo(400);
        assertThat(post(ann, "no-such-session", ping, Map.of()).statusCode()).isEqualTo(404);
        assertThat(post(vic, session, ping, Map.of()).statusCode()).as("another principal's session")
                .isEqualTo(404);
        HttpResponse<Buffer> pong = post(ann, session, ping, Map.of());
        assertThat(Http.json(pong).getJsonObject("result")).isEqualTo(new JsonObject());
        assertThat(post(ann, session, new JsonObject().put("jsonrpc", "2.0")
                .put("method", "notifications/initialized"), Map.of()).statusCode()).isEqualTo(202);

        HttpResponse<Buffer> ended = Http.await(ann.request(HttpMethod.DELETE, "/mcp")
                .putHeader("MCP-Session-Id", session).send());
        assertThat(ended.statusCode()).isEqualTo(204);
        assertThat(post(ann, session, ping, Map.of()).statusCode()).as("ended").isEqualTo(404);
        assertThat(Http.await(ann.request(HttpMethod.GET, "/mcp").send()).statusCode()).isEqualTo(405);
    }

    @Test
    void badMessages_getTheirJsonRpcErrors() {
        String session = initialize(ann, "2025-11-25");
        HttpResponse<Buffer> malformed = post(ann, session, "{\"jsonrpc\": \"2.0\", ", Map.of());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(Http.json(malformed).getJsonObject("error").getInteger("code")).isEqualTo(-32700);
        HttpResponse<Buffer> batch = post(ann, session, new JsonArray().add(request(1, "ping", new JsonObject())),
                Map.of());
        assertThat(Http.json(batch).getJsonObject("error").getInteger("code")).isEqualTo(-32600);
        assertThat(Http.json(post(ann, session, new JsonObject().put("jsonrpc", "1.0").put("id", 1)
                .put("method", "ping"), Map.of())).getJsonObject("error").getInteger("code")).isEqualTo(-32600);
        JsonObject unknown = Http.json(post(ann, session, request(3, "tools/teleport", new JsonObject()), Map.of()));
        assertThat(unknown.getInteger("id")).isEqualTo(3);
        assertThat(unknown.getJsonObject("error").getInteger("code")).isEqualTo(-32601);
        assertThat(Http.json(post(ann, session, request(4, "tools/list", new JsonObject().put("cursor", "bogus")),
                Map.of())).getJsonObject("error").getInteger("code")).isEqualTo(-32602);
        assertThat(Http.json(post(ann, session, request(5, "tools/call", new JsonObject().put("name", "nope")),
                Map.of())).getJsonObject("error").getInteger("code")).isEqualTo(-32602);
        assertThat(Http.json(post(ann, session, request(6, "logging/setLevel", new JsonObject()
                .put("level", "loud")), Map.of())).getJsonObject("error").getInteger("code")).isEqualTo(-32602);
        assertThat(Http.json(post(ann, session, request(6, "logging/setLevel", new JsonObject()
                .put("level", "warning")), Map.of())).getJsonObject("result")).isEqualTo(new JsonObject());

        JsonObject badArguments = call(ann, session, "sql_query", new JsonObject().put("sql", 42)
                .put("colour", "red"));
        assertThat(badArguments.getJsonObject("result").getBoolean("isError")).isTrue();
        assertThat(badArguments.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"))
                .contains("'sql' must be a string").contains("'colour' is not an argument");

        assertThat(post(ann, session, request(8, "ping", new JsonObject()), Map.of("MCP-Protocol-Version",
                "1999-01-01")).statusCode()).isEqualTo(400);
        assertThat(post(ann, session, request(8, "ping", new JsonObject()), Map.of("Origin",
                "http://evil.example")).statusCode()).as("DNS rebinding").isEqualTo(403);
        assertThat(post(ann, session, request(8, "ping", new JsonObject()), Map.of("Origin",
                "http://localhost:3000")).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> huge = post(ann, session, request(9, "tools/call", new JsonObject().put("name", "ask")
                .put("arguments", new JsonObject().put("question", "x".repeat(2_000_000)))), Map.of());
        assertThat(huge.statusCode()).as("larger than the edge's body limit").isEqualTo(413);
        assertThat(post(ann, session, request(8, "ping", new JsonObject()), Map.of("Host", "evil.example:8080"))
                .statusCode()).as("a rebound host name on a loopback edge").isEqualTo(403);
    }

    @Test
    void withoutCredentials_401PointsToTheResourceMetadata() {
        HttpResponse<Buffer> refused = post(anonymous, null, request(1, "initialize", new JsonObject()
                .put("protocolVersion", "2025-11-25")), Map.of());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.getHeader("WWW-Authenticate")).startsWith("Bearer ")
                .contains("resource_metadata=\"http://").endsWith("/.well-known/oauth-protected-resource\"");
        HttpResponse<Buffer> metadata = anonymous.get("/.well-known/oauth-protected-resource");
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(Http.json(metadata).getString("resource")).endsWith("/mcp");
        assertThat(Http.json(metadata).getJsonArray("bearer_methods_supported")).containsExactly("header");
    }

    @Test
    void tools_runWithTheCallersRights() {
        String session = initialize(ann, "2025-11-25");
        JsonObject tables = call(ann, session, "list_tables", new JsonObject()).getJsonObject("result");
        assertThat(tables.getBoolean("isError")).isFalse();
        assertThat(tables.getJsonObject("structuredContent").getJsonArray("tables").stream()
                .map(t -> ((JsonObject) t).getString("name"))).contains("ORDERS", "CUSTOMERS");

        JsonObject rows = call(ann, session, "sql_query", new JsonObject()
                .put("sql", "SELECT COUNT(*) AS N FROM ORDERS")).getJsonObject("result");
        assertThat(rows.getBoolean("isError")).as(rows.encode()).isFalse();
        assertThat(rows.getJsonObject("structuredContent").getJsonArray("rows").getJsonArray(0).getLong(0))
                .isPositive();
        JsonObject dml = call(ann, session, "sql_query", new JsonObject().put("sql", "DELETE FROM ORDERS"))
                .getJsonObject("result");
        assertThat(dml.getBoolean("isError")).as("an analyst may not delete").isTrue();
        JsonObject translated = Http.json(nl2sqlOnOlderRevision()).getJsonObject("result");
        assertThat(translated.getJsonObject("structuredContent").getString("sql")).startsWith("SELECT COUNT(*)");

        JsonObject audit = call(lalo.track(new Http(lalo.port())), initialize(lalo.track(new Http(lalo.port())),
                "2025-11-25"), "audit_search", new JsonObject().put("principal", "ann").put("action", "sql.select"))
                .getJsonObject("result");
        assertThat(audit.getJsonObject("structuredContent").getJsonArray("events")).as("the admin sees ann's reads")
                .isNotEmpty();
        assertThat(call(ann, session, "audit_search", new JsonObject()).getJsonObject("result").getBoolean("isError"))
                .as("an analyst may not read the audit trail").isTrue();

        String viewer = initialize(vic, "2025-11-25");
        JsonObject denied = call(vic, viewer, "sql_query", new JsonObject().put("sql", "SELECT 1"))
                .getJsonObject("result");
        assertThat(denied.getBoolean("isError")).isTrue();
        assertThat(denied.getJsonArray("content").getJsonObject(0).getString("text")).startsWith("Forbidden");

        JsonObject missing = call(ann, session, "describe_table", new JsonObject().put("table", "NOPE"))
                .getJsonObject("result");
        assertThat(missing.getBoolean("isError")).isTrue();
        JsonObject orders = call(ann, session, "describe_table", new JsonObject().put("table", "ORDERS"))
                .getJsonObject("result");
        assertThat(orders.getJsonObject("structuredContent").getString("name")).isEqualTo("ORDERS");
    }

    private static HttpResponse<Buffer> nl2sqlOnOlderRevision() {
        String session = initialize(ann, "2025-03-26");
        return post(ann, session, request(9, "tools/call", new JsonObject().put("name", "nl2sql")
                .put("arguments", new JsonObject().put("question", "How many orders are there?"))), Map.of());
    }

    @Test
    void officialJavaSdkClient_initializes_listsAndCallsTools() {
        String key = lalo.governance().apiKeys().create("sdk", new io.lalo.governance.Principal("sdk", null,
                java.util.Set.of("analyst"), Map.of()), "test").key();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + lalo.port())
                .endpoint("/mcp")
                .requestBuilder(java.net.http.HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
                .build();
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .clientInfo(new McpSchema.Implementation("lalo-test", "1.0")).build()) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.serverInfo().name()).isEqualTo("lalo");
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .contains("list_tables", "describe_table", "sql_query", "nl2sql", "rag_search", "ask")
                    .as("the conformance fixtures are off by default").doesNotContain("test_simple_text");
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("sql_query",
                    Map.of("sql", "SELECT COUNT(*) AS N FROM REGIONS")));
            assertThat(result.isError()).isFalse();
            assertThat(result.structuredContent()).isNotNull();
            client.ping();
        }
    }

    @Test
    void longTools_streamProgress_thenTheirResult_asServerSentEvents() {
        String session = initialize(ann, "2025-11-25");
        HttpResponse<Buffer> response = post(ann, session, request(11, "tools/call", new JsonObject()
                .put("name", "ask").put("arguments", new JsonObject().put("question", "How many orders are there?"))
                .put("_meta", new JsonObject().put("progressToken", "p-1"))), Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
        java.util.List<JsonObject> messages = java.util.Arrays.stream(response.bodyAsString().split("\n\n"))
                .filter(frame -> frame.contains("data: ") && !frame.substring(frame.indexOf("data: ") + 6).isBlank())
                .map(frame -> new JsonObject(frame.substring(frame.indexOf("data: ") + 6).strip())).toList();
        assertThat(response.bodyAsString()).as("a priming event opens the stream").startsWith("id: ")
                .contains("retry: ");
        assertThat(messages.size()).isGreaterThan(2);
        assertThat(messages.subList(0, messages.size() - 1)).allSatisfy(message -> {
            assertThat(message.getString("method")).isEqualTo("notifications/progress");
            assertThat(message.getJsonObject("params").getString("progressToken")).isEqualTo("p-1");
        });
        JsonObject last = messages.get(messages.size() - 1);
        assertThat(last.getInteger("id")).isEqualTo(11);
        assertThat(last.getJsonObject("result").getJsonObject("structuredContent").getString("status"))
                .isEqualTo("success");

        String firstEvent = java.util.Arrays.stream(response.bodyAsString().split("\n\n"))
                .filter(frame -> frame.startsWith("id: ") && frame.contains("notifications/progress")).findFirst()
                .map(frame -> frame.substring(4, frame.indexOf('\n'))).orElseThrow();
        HttpResponse<Buffer> resumed = Http.await(ann.request(HttpMethod.GET, "/mcp").putHeader("MCP-Session-Id", session)
                .putHeader("Accept", "text/event-stream").putHeader("Last-Event-ID", firstEvent).send());
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(resumed.bodyAsString()).as("the events after the one the client saw, up to the response")
                .doesNotContain("id: " + firstEvent + "\n").contains("\"id\":11").contains("\"result\"");
        assertThat(Http.await(ann.request(HttpMethod.GET, "/mcp").putHeader("MCP-Session-Id", session)
                .putHeader("Last-Event-ID", "nosuchstream-3").send()).statusCode()).isEqualTo(404);
        assertThat(Http.await(ann.request(HttpMethod.GET, "/mcp").putHeader("MCP-Session-Id", session)
                .putHeader("Last-Event-ID", "garbage").send()).statusCode()).isEqualTo(400);
        assertThat(Http.await(vic.request(HttpMethod.GET, "/mcp").putHeader("MCP-Session-Id", session)
                .putHeader("Last-Event-ID", firstEvent).send()).statusCode()).as("another principal").isEqualTo(404);

        HttpResponse<Buffer> plain = post(ann, session, request(12, "tools/call", new JsonObject().put("name", "ask")
                .put("arguments", new JsonObject().put("question", "How many orders are there?"))),
                Map.of("Accept", "application/json"));
        assertThat(plain.getHeader("Content-Type")).as("a client that takes JSON only gets JSON")
                .startsWith("application/json");
    }

    @Test
    void documentsAndWorkflows_throughTools() {
        String session = initialize(ann, "2025-11-25");
        JsonObject added = call(ann, session, "ingest_document", new JsonObject().put("id", "mcp-note")
                .put("title", "Parking rules").put("text", "Visitors park in the north garage. Staff park in the "
                        + "south garage after 8 am.")).getJsonObject("result");
        assertThat(added.getBoolean("isError")).as(added.encode()).isFalse();
        assertThat(added.getJsonObject("structuredContent").getString("outcome")).isIn("created", "unchanged");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> call(ann, session,
                "rag_search", new JsonObject().put("query", "where do visitors park")).getJsonObject("result")
                .getJsonObject("structuredContent").getJsonArray("hits").encode().contains("mcp-note"));
        JsonObject answer = call(ann, session, "rag_answer", new JsonObject().put("question",
                "Where do visitors park?")).getJsonObject("result");
        assertThat(answer.getJsonObject("structuredContent").getString("answer")).contains("north garage");

        JsonObject ran = call(ann, session, "run_workflow", new JsonObject().put("workflow", "ask")
                .put("input", new JsonObject().put("question", "Where do visitors park?"))).getJsonObject("result");
        assertThat(ran.getBoolean("isError")).as(ran.encode()).isFalse();
        String thread = ran.getJsonObject("structuredContent").getString("threadId");
        assertThat(call(ann, session, "run_workflow", new JsonObject().put("workflow", "nope"))
                .getJsonObject("result").getBoolean("isError")).isTrue();
        assertThat(call(ann, session, "get_run", new JsonObject().put("thread", thread).put("run", "nope"))
                .getJsonObject("result").getBoolean("isError")).isTrue();
        String otto = initialize(vic, "2025-11-25");
        assertThat(call(vic, otto, "run_workflow", new JsonObject().put("workflow", "ask").put("thread", thread)
                .put("input", new JsonObject().put("question", "x"))).getJsonObject("result").getBoolean("isError"))
                .as("another user's thread").isTrue();
    }

    static JsonObject rpc(Http client, String session, String method, JsonObject params) {
        HttpResponse<Buffer> response = post(client, session, request(21, method, params), Map.of());
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return Http.json(response);
    }

    @Test
    void resources_promptsAndCompletion_followTheCallersRights() {
        String session = initialize(ann, "2025-11-25");
        JsonArray listed = rpc(ann, session, "resources/list", new JsonObject()).getJsonObject("result")
                .getJsonArray("resources");
        assertThat(listed.stream().map(r -> ((JsonObject) r).getString("uri")))
                .contains("lalo://tables/ORDERS", "lalo://workflows/ask");
        assertThat(rpc(ann, session, "resources/templates/list", new JsonObject()).getJsonObject("result")
                .getJsonArray("resourceTemplates")).hasSize(3);
        JsonObject orders = rpc(ann, session, "resources/read", new JsonObject().put("uri", "lalo://tables/ORDERS"))
                .getJsonObject("result").getJsonArray("contents").getJsonObject(0);
        assertThat(orders.getString("mimeType")).isEqualTo("application/json");
        assertThat(new JsonObject(orders.getString("text")).getString("name")).isEqualTo("ORDERS");
        assertThat(rpc(ann, session, "resources/read", new JsonObject().put("uri", "lalo://tables/NOPE"))
                .getJsonObject("error").getInteger("code")).isEqualTo(-32002);
        assertThat(rpc(ann, session, "resources/read", new JsonObject().put("uri", "file:///etc/passwd"))
                .getJsonObject("error").getInteger("code")).isEqualTo(-32002);
        assertThat(rpc(ann, session, "resources/read", new JsonObject()).getJsonObject("error")
                .getInteger("code")).isEqualTo(-32602);

        JsonArray prompts = rpc(ann, session, "prompts/list", new JsonObject()).getJsonObject("result")
                .getJsonArray("prompts");
        assertThat(prompts.stream().map(p -> ((JsonObject) p).getString("name")))
                .containsExactly("analyse_table", "summarise_document", "ask_data");
        JsonArray messages = rpc(ann, session, "prompts/get", new JsonObject().put("name", "analyse_table")
                .put("arguments", new JsonObject().put("table", "ORDERS"))).getJsonObject("result")
                .getJsonArray("messages");
        assertThat(messages.getJsonObject(0).getJsonObject("content").getString("text")).contains("ORDERS");
        assertThat(messages.getJsonObject(1).getJsonObject("content").getString("type")).isEqualTo("resource");
        assertThat(rpc(ann, session, "prompts/get", new JsonObject().put("name", "analyse_table"))
                .getJsonObject("error").getInteger("code")).as("missing argument").isEqualTo(-32602);
        assertThat(rpc(ann, session, "prompts/get", new JsonObject().put("name", "nope"))
                .getJsonObject("error").getInteger("code")).isEqualTo(-32602);

        JsonObject completion = rpc(ann, session, "completion/complete", new JsonObject()
                .put("ref", new JsonObject().put("type", "ref/prompt").put("name", "analyse_table"))
                .put("argument", new JsonObject().put("name", "table").put("value", "ORD")))
                .getJsonObject("result").getJsonObject("completion");
        assertThat(completion.getJsonArray("values")).contains("ORDERS").doesNotContain("CUSTOMERS");
        assertThat(rpc(ann, session, "completion/complete", new JsonObject()
                .put("ref", new JsonObject().put("type", "ref/resource").put("uri", "lalo://workflows/{workflow}"))
                .put("argument", new JsonObject().put("name", "workflow").put("value", "as")))
                .getJsonObject("result").getJsonObject("completion").getJsonArray("values")).contains("ask");

        String viewer = initialize(vic, "2025-11-25");
        JsonArray seen = rpc(vic, viewer, "resources/list", new JsonObject()).getJsonObject("result")
                .getJsonArray("resources");
        assertThat(seen.stream().map(r -> ((JsonObject) r).getString("uri"))).as("a viewer may query no table")
                .noneMatch(uri -> uri.startsWith("lalo://tables/ORDERS"));
        assertThat(rpc(vic, viewer, "resources/read", new JsonObject().put("uri", "lalo://tables/ORDERS"))
                .getJsonObject("error").getInteger("code")).isEqualTo(-32002);
    }

    @Test
    void aSessionOpenedOnOneEdge_isServedByAnother() {
        String session = initialize(ann, "2025-11-25");
        String key = lalo.governance().apiKeys().create("ann2", new io.lalo.governance.Principal("ann", null,
                java.util.Set.of("analyst"), Map.of("region", "EMEA")), "test").key();
        Http onSecond = second.track(new Http(second.port(), key));
        JsonObject tools = rpc(onSecond, session, "tools/list", new JsonObject());
        assertThat(tools.getJsonObject("result").getJsonArray("tools")).isNotEmpty();
        JsonObject rows = call(onSecond, session, "sql_query", new JsonObject().put("sql", "SELECT COUNT(*) FROM REGIONS"))
                .getJsonObject("result");
        assertThat(rows.getBoolean("isError")).as(rows.encode()).isFalse();
        assertThat(Http.await(onSecond.request(HttpMethod.DELETE, "/mcp").putHeader("MCP-Session-Id", session)
                .send()).statusCode()).isEqualTo(204);
        assertThat(post(ann, session, request(2, "ping", new JsonObject()), Map.of()).statusCode())
                .as("ended on the other edge").isEqualTo(404);
    }

    @Test
    void cancellation_stopsTheWorkflowRunBehindACall() throws Exception {
        lalo.workflows().types().register("doze", (node, state, context) -> {
            Thread.sleep(200);
            return Map.of("n", 1);
        });
        lalo.workflows().workflows().save(Map.of("id", "dozing", "entry", "doze", "recursionLimit", 100,
                "state", Map.of("n", Map.of("reducer", "sum", "default", 0)),
                "nodes", Map.of("doze", Map.of("type", "doze")),
                "edges", java.util.List.of(Map.of("from", "doze", "when", java.util.List.of(Map.of("if",
                        "state.n >= 50", "to", "__end__")), "else", "doze"))), "test");
        String session = initialize(ann, "2025-11-25");
        io.vertx.core.Future<HttpResponse<Buffer>> call = ann.request(HttpMethod.POST, "/mcp")
                .putHeader("Content-Type", "application/json").putHeader("MCP-Session-Id", session)
                .sendBuffer(request(77, "tools/call", new JsonObject().put("name", "run_workflow")
                        .put("arguments", new JsonObject().put("workflow", "dozing"))).toBuffer());
        Thread.sleep(700);
        assertThat(post(ann, session, new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/cancelled")
                .put("params", new JsonObject().put("requestId", 77).put("reason", "user stopped it")), Map.of())
                .statusCode()).isEqualTo(202);
        JsonObject result = Http.json(Http.await(call)).getJsonObject("result").getJsonObject("structuredContent");
        assertThat(result.getString("error")).isEqualTo("cancelled");
        assertThat(result.getInteger("steps")).as("stopped before its 50 steps").isLessThan(50);
    }
}
