package io.lalo.mcpclient;

import io.lalo.json.JsonRecords;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of one external MCP server over Streamable HTTP: it initializes a session (offering 2025-11-25,
 * accepting what the server answers), sends each request as one POST and reads the answer as JSON or from the
 * server-sent events of the response (the message with the request's id), and carries the session id and the
 * agreed revision on every later request. A session the server ended (404) is opened again once. Thread-safe.
 */
public final class McpHttpClient {

    static final String VERSION = "2025-11-25";

    private final URI endpoint;
    private final HttpClient http;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();
    private volatile String session;
    private volatile String protocolVersion = VERSION;

    public McpHttpClient(URI endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The server's tools ({@code tools/list}, every page). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> listTools() {
        List<Map<String, Object>> tools = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> params = cursor == null ? Map.of() : Map.of("cursor", cursor);
            Map<String, Object> page = request("tools/list", params);
            tools.addAll((List<Map<String, Object>>) page.getOrDefault("tools", List.of()));
            cursor = (String) page.get("nextCursor");
        } while (cursor != null);
        return tools;
    }

    /** Calls a tool; the server's result ({@code content}, {@code structuredContent}, {@code isError}). */
    public Map<String, Object> callTool(String name, Map<String, Object> arguments) {
        return request("tools/call", Map.of("name", name, "arguments", arguments));
    }

    /** A liveness check; false when the server does not answer. */
    public boolean ping() {
        try {
            request("ping", Map.of());
            return true;
        } catch (McpClientException e) {
            return false;
        }
    }

    /** Sends a request and returns its result; protocol and transport failures are {@link McpClientException}s. */
    public Map<String, Object> request(String method, Map<String, Object> params) {
        if (session == null) {
            initialize();
        }
        try {
            return exchange(method, params);
        } catch (SessionGone gone) {
            initialize();
            return exchange(method, params);
        }
    }

    private synchronized void initialize() {
        if (session != null) {
            try {
                close();
            } catch (McpClientException ignored) {
                // the server had already forgotten it
            }
        }
        session = null;
        Map<String, Object> result = send("initialize", Map.of("protocolVersion", VERSION, "capabilities", Map.of(),
                "clientInfo", Map.of("name", "lalo", "version", "1")), true);
        Object agreed = result.get("protocolVersion");
        protocolVersion = agreed instanceof String v ? v : VERSION;
        notify("notifications/initialized");
    }

    private Map<String, Object> exchange(String method, Map<String, Object> params) {
        return send(method, params, false);
    }

    private void notify(String method) {
        post(Map.of("jsonrpc", "2.0", "method", method));
    }

    /** Ends the session on the server (DELETE), if it has one. */
    public void close() {
        String id = session;
        session = null;
        if (id == null) {
            return;
        }
        try {
            http.send(HttpRequest.newBuilder(endpoint).timeout(timeout).header("MCP-Session-Id", id).DELETE()
                    .build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new McpClientException("could not end the session: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> send(String method, Map<String, Object> params, boolean opening) {
        long id = ids.incrementAndGet();
        HttpResponse<String> response = post(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
        if (response.statusCode() == 404 && !opening) {
            throw new SessionGone();
        }
        if (opening) {
            response.headers().firstValue("MCP-Session-Id").ifPresent(value -> session = value);
        }
        if (response.statusCode() / 100 != 2) {
            throw new McpClientException(method + ": HTTP " + response.statusCode());
        }
        Map<String, Object> message = answer(response, id);
        if (message.get("error") instanceof Map<?, ?> error) {
            throw new McpClientException(method + ": " + error.get("message") + " (" + error.get("code") + ")");
        }
        return message.get("result") instanceof Map<?, ?> result ? (Map<String, Object>) result : Map.of();
    }

    /** The response message with our id: the JSON body, or the matching event of an event stream. */
    private static Map<String, Object> answer(HttpResponse<String> response, long id) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/event-stream")) {
            return JsonRecords.readMap(response.body());
        }
        for (String event : response.body().split("\r?\n\r?\n")) {
            StringBuilder data = new StringBuilder();
            for (String line : event.split("\r?\n")) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            if (data.length() > 0) {
                Map<String, Object> message = JsonRecords.readMap(data.toString());
                if (message.get("id") instanceof Number n && n.longValue() == id) {
                    return message;
                }
            }
        }
        throw new McpClientException("the server's event stream ended without an answer");
    }

    private HttpResponse<String> post(Map<String, Object> message) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(JsonRecords.write(message), StandardCharsets.UTF_8));
        String id = session;
        if (id != null) {
            request.header("MCP-Session-Id", id).header("MCP-Protocol-Version", protocolVersion);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new McpClientException("the server is unreachable or too slow: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpClientException("interrupted");
        }
    }

    /** The server no longer knows our session. */
    private static final class SessionGone extends RuntimeException {
        SessionGone() {
            super(null, null, false, false);
        }
    }
}
