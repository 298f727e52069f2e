package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.governance.Principal;
import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.lalo.workflow.RunContext;
import io.lalo.workflow.RunResult;
import io.lalo.workflow.WorkflowEngine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mcp.call} workflow node against a real external MCP server: the reference "everything" server from
 * npm ({@code @modelcontextprotocol/server-everything}) over Streamable HTTP, started by npx for this test.
 */
class McpClientIT {

    static final String SERVER = "@modelcontextprotocol/server-everything@2026.8.31";

    @TempDir
    static Path dir;

    static TestEdge lalo;
    static Process everything;
    static int port;
    static final Principal ANN = new Principal("ann", null, Set.of("analyst"), Map.of());
    static final Principal VIC = new Principal("vic", null, Set.of("viewer"), Map.of());

    @BeforeAll
    static void start() throws Exception {
        port = TestPorts.allocate().base() + 90;
        ProcessBuilder npx = new ProcessBuilder("npx", "-y", SERVER, "streamableHttp")
                .redirectErrorStream(true).redirectOutput(dir.resolve("everything.log").toFile());
        npx.environment().put("PORT", Integer.toString(port));
        everything = npx.start();
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (!listening(port)) {
            if (System.nanoTime() > deadline || !everything.isAlive()) {
                throw new AssertionError("the everything server did not start: "
                        + java.nio.file.Files.readString(dir.resolve("everything.log")));
            }
            Thread.sleep(250);
        }
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0, Map.of()));
        lalo.policy(new JsonObject().put("id", "analysts-call-local-tools").put("effect", "allow")
                .put("actions", new JsonArray().add("mcp.call"))
                .put("resources", new JsonArray().add("mcp-server:127.0.0.1:" + port))
                .put("condition", "'analyst' in principal.roles"));
        lalo.workflows().workflows().save(Map.of("id", "echoing", "entry", "echo",
                "state", Map.of("question", Map.of("reducer", "last"), "echoed", Map.of("reducer", "last")),
                "nodes", Map.of("echo", Map.of("type", "mcp.call", "url", "http://127.0.0.1:" + port + "/mcp",
                        "tool", "echo", "arguments", "{'message': state.question}", "output", "echoed")),
                "edges", List.of(Map.of("from", "echo", "to", "__end__"))), "test");
        lalo.workflows().workflows().save(Map.of("id", "missing-tool", "entry", "call",
                "state", Map.of("result", Map.of("reducer", "last")),
                "nodes", Map.of("call", Map.of("type", "mcp.call", "url", "http://127.0.0.1:" + port + "/mcp",
                        "tool", "teleport")),
                "edges", List.of(Map.of("from", "call", "to", "__end__"))), "test");
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (lalo != null) {
            lalo.close();
        }
        if (everything != null) {
            everything.descendants().forEach(ProcessHandle::destroy);
            everything.destroy();
        }
    }

    static RunResult run(Principal who, String workflow, Map<String, Object> input) {
        WorkflowEngine engine = lalo.workflows();
        String thread = (String) engine.createThread(who, Map.of()).get("threadId");
        return engine.run(thread, engine.workflows().get(workflow).orElseThrow(), input,
                new RunContext(who, thread, "test"));
    }

    @Test
    void mcpCall_callsAToolOfAnExternalServer() {
        RunResult result = run(ANN, "echoing", Map.of("question", "hello from LALO"));
        assertThat(result.status()).as(result.message()).isEqualTo(RunResult.Status.SUCCESS);
        assertThat(String.valueOf(result.state().get("echoed"))).contains("hello from LALO");
        RunResult again = run(ANN, "echoing", Map.of("question", "second call, same session"));
        assertThat(String.valueOf(again.state().get("echoed"))).contains("second call, same session");
    }

    @Test
    void mcpCall_isGoverned_andAnUnknownToolFailsClearly() {
        RunResult denied = run(VIC, "echoing", Map.of("question", "hi"));
        assertThat(denied.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(denied.message()).contains("Denied mcp.call on mcp-server:127.0.0.1:" + port);
        RunResult unknown = run(ANN, "missing-tool", Map.of());
        assertThat(unknown.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(unknown.message()).contains("has no tool 'teleport'");
    }
}
