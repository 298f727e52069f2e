package io.lalo.workflow;

import io.lalo.governance.AccessRequest;
import io.lalo.governance.Decision;
import io.lalo.governance.Governance;
import io.lalo.governance.Resource;
import io.lalo.mcpclient.McpClientException;
import io.lalo.mcpclient.McpHttpClient;
import io.lalo.resilience.CircuitBreaker;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@code mcp.call} node: calls a tool of an external MCP server (Streamable HTTP) and writes its result to the
 * node's output channel ({@code result} by default) — the structured result when the tool gives one, else its text.
 * The run's principal must be allowed {@code mcp.call} on {@code mcp-server:<host>} (decided and audited; a denial
 * fails the node). One client per server: its session is kept and pinged every 30 s, its tool list is read once and
 * kept for five minutes (an unknown tool fails clearly), and after three failures in a row the server is left alone
 * for 30 s (circuit breaker). A tool's own error result fails the node, so the node's retry and {@code onError}
 * apply.
 *
 * <pre>
 * lookup: {type: mcp.call, url: "http://tools.internal:3001/mcp", tool: echo,
 *          arguments: "{'message': state.question}", output: echoed, timeoutMs: 5000}
 * </pre>
 */
public final class McpCallNode implements NodeFunction, AutoCloseable {

    static final Duration TOOLS_TTL = Duration.ofMinutes(5);
    static final long PING_SECONDS = 30;

    private final Governance governance;
    private final Duration timeout;
    private final Map<URI, Server> servers = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService pinger;

    /** A server's client, its tools as last read, and its breaker. */
    private record Server(McpHttpClient client, CircuitBreaker breaker, Map<String, Object> tools, long readAt) {
    }

    public McpCallNode(Governance governance, Duration timeout) {
        this.governance = governance;
        this.timeout = timeout;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> run(NodeSpec node, Map<String, Object> state, RunContext context) {
        URI url = URI.create(String.valueOf(node.config().get("url")));
        String tool = String.valueOf(node.config().get("tool"));
        Resource target = Resource.of("mcp-server", url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : ""));
        Decision decision = governance.decide(new AccessRequest(context.principal(), "mcp.call", target,
                Map.of("tool", tool)));
        governance.recordOrRefuse(context.principal(), "mcp.call", target, decision, context.requestId(), false);
        if (!decision.allowed()) {
            throw new IllegalStateException("Denied mcp.call on " + target.qualifiedName() + ": " + decision.reason());
        }
        Object arguments = NodeInputs.value(node, "arguments", "{}", state);
        if (!(arguments instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("'arguments' of node '" + node.name() + "' must yield a map");
        }
        Server server = server(url);
        if (!server.breaker().allows()) {
            throw new IllegalStateException("MCP server " + url + " is failing; not called for a while");
        }
        try {
            if (!tools(url).tools().containsKey(tool)) {
                throw new IllegalStateException("MCP server " + url + " has no tool '" + tool + "'");
            }
            Map<String, Object> result = server.client().callTool(tool, (Map<String, Object>) map);
            server.breaker().success();
            if (Boolean.TRUE.equals(result.get("isError"))) {
                throw new IllegalStateException("tool '" + tool + "' failed: " + text(result));
            }
            Object structured = result.get("structuredContent");
            return Map.of(NodeInputs.output(node, "result"), structured != null ? structured : text(result));
        } catch (McpClientException e) {
            server.breaker().failure();
            throw new IllegalStateException("MCP server " + url + ": " + e.getMessage());
        }
    }

    private Server server(URI url) {
        startPinging();
        return servers.computeIfAbsent(url, u -> new Server(new McpHttpClient(u, timeout),
                new CircuitBreaker(3, Duration.ofSeconds(30), Clock.systemUTC()), Map.of(), 0));
    }

    /** Pings start with the first server called: an engine that never calls one keeps no thread for it. */
    private synchronized void startPinging() {
        if (pinger == null) {
            pinger = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    io.lalo.lifecycle.DaemonThreads.named("lalo-mcp-ping"));
            pinger.scheduleWithFixedDelay(this::pingAll, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The server's tools by name, read again when older than {@link #TOOLS_TTL}. */
    @SuppressWarnings("unchecked")
    private Server tools(URI url) {
        return servers.compute(url, (u, server) -> {
            Server current = server != null ? server : server(u);
            if (!current.tools().isEmpty() && System.currentTimeMillis() - current.readAt() < TOOLS_TTL.toMillis()) {
                return current;
            }
            Map<String, Object> byName = new java.util.LinkedHashMap<>();
            for (Map<String, Object> tool : current.client().listTools()) {
                byName.put(String.valueOf(tool.get("name")), tool);
            }
            return new Server(current.client(), current.breaker(), byName, System.currentTimeMillis());
        });
    }

    @SuppressWarnings("unchecked")
    private static String text(Map<String, Object> result) {
        StringBuilder text = new StringBuilder();
        for (Object block : (List<Object>) result.getOrDefault("content", List.of())) {
            if (block instanceof Map<?, ?> map && "text".equals(map.get("type"))) {
                text.append(text.length() == 0 ? "" : "\n").append(map.get("text"));
            }
        }
        return text.toString();
    }

    private void pingAll() {
        servers.values().forEach(server -> {
            if (server.breaker().allows()) {
                if (server.client().ping()) {
                    server.breaker().success();
                } else {
                    server.breaker().failure();
                }
            }
        });
    }

    @Override
    public synchronized void close() {
        if (pinger != null) {
            pinger.shutdownNow();
        }
        servers.values().forEach(server -> {
            try {
                server.client().close();
            } catch (RuntimeException ignored) {
                // the server is gone; nothing to end
            }
        });
    }
}
