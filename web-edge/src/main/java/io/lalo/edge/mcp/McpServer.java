package io.lalo.edge.mcp;

import io.lalo.edge.RequestIdHandler;
import io.lalo.edge.auth.AuthenticationHandler;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.rag.Rag;
import io.lalo.sql.SqlLayer;
import io.lalo.workflow.WorkflowEngine;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.ignite.Ignite;

/**
 * The MCP server on {@code /mcp}, Streamable HTTP transport. A client POSTs one JSON-RPC message per request and
 * gets a JSON answer (to a notification or a client's response: 202 and no body). {@code initialize} opens a
 * session whose id ({@code MCP-Session-Id}) every later request carries (400 without it, 404 for an unknown or
 * ended one, or one another principal opened); {@code DELETE} ends it; {@code GET} — a stream the server would
 * start — is not offered (405). The protocol revision is negotiated at initialize (2025-11-25, down to 2025-06-18
 * and 2025-03-26) and a request's {@code MCP-Protocol-Version} header must name a supported one (400). A browser
 * {@code Origin} other than a loopback or this edge's own host is refused (403), against DNS rebinding. Callers
 * authenticate like on every route, and each tool decides and audits its action like its REST route. Sessions live
 * in the grid: any edge serves any session.
 */
public final class McpServer {

    static final List<String> VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");
    static final String SESSION_HEADER = "MCP-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    static final int PAGE = 50;
    static final int MAX_COMPLETIONS = 100;
    static final long REPLAY_POLL_MILLIS = 50;
    static final long REPLAY_WAIT_MILLIS = 5 * 60_000;
    /** JSON-RPC's implementation-defined server error range: the server is at a limit. */
    static final int SERVER_BUSY = -32000;
    /** MCP's code for a resource that does not exist (or the caller may not read). */
    static final int RESOURCE_NOT_FOUND = -32002;
    static final int MAX_MESSAGE_BYTES = 4 << 20;
    /** Syslog levels, least severe first (RFC 5424 as MCP uses them). */
    static final List<String> LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical", "alert",
            "emergency");

    private final Vertx vertx;
    private final McpSessions sessions;
    private final McpEventLog events;
    private final Map<String, McpTool> tools = new LinkedHashMap<>();
    /** Requests calls on this edge sent to clients, waiting for the clients' responses (from any edge). */
    private final ClientAnswers answers;
    static final long CLIENT_ANSWER_SECONDS = 60;

    /** Calls in progress on this edge (session/request id), so a client's cancellation can reach them. */
    private final Map<String, java.util.concurrent.atomic.AtomicBoolean> running =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final String edgeHost;
    private final List<ResourceProvider> resources;
    private final int maxSessions;
    /** Requests this edge works on now; none waits for a permit: beyond the limit the answer is 503. */
    private final java.util.concurrent.Semaphore inFlight;
    private final List<PromptProvider> prompts;

    McpServer(Vertx vertx, McpSessions sessions, McpEventLog events, ClientAnswers answers, List<McpTool> tools,
              List<ResourceProvider> resources, List<PromptProvider> prompts, String edgeHost, int maxSessions,
              int maxConcurrentRequests) {
        this.events = events;
        this.answers = answers;
        this.maxSessions = maxSessions;
        this.inFlight = new java.util.concurrent.Semaphore(maxConcurrentRequests);
        this.vertx = vertx;
        this.sessions = sessions;
        tools.forEach(tool -> this.tools.put(tool.name(), tool));
        this.resources = List.copyOf(resources);
        this.prompts = List.copyOf(prompts);
        this.edgeHost = edgeHost;
    }

    /** The server with LALO's tools, its sessions in {@code ignite}. */
    public static McpServer create(Vertx vertx, Ignite ignite, int backups, String edgeHost,
                                   io.lalo.config.LaloConfig.Mcp config, Governance governance, SqlLayer sql, Rag rag,
                                   WorkflowEngine workflows) {
        LaloResources data = new LaloResources(governance, sql, rag, workflows);
        List<McpTool> tools = new java.util.ArrayList<>(new LaloTools(governance, sql, rag, workflows).tools());
        List<ResourceProvider> resources = new java.util.ArrayList<>(List.of(data));
        List<PromptProvider> prompts = new java.util.ArrayList<>(List.of(new LaloPrompts(data)));
        if (config.fixtures()) {
            ConformanceFixtures conformance = new ConformanceFixtures();
            tools.addAll(conformance.tools());
            resources.add(conformance);
            prompts.add(conformance);
        }
        return new McpServer(vertx, new McpSessions(ignite, backups, Clock.systemUTC()), new McpEventLog(ignite,
                backups), new ClientAnswers(ignite), tools, resources, prompts, edgeHost, config.maxSessions(),
                config.maxConcurrentRequests());
    }

    public void mount(Router router) {
        router.post("/mcp").handler(this::limited);
        router.get("/mcp").handler(this::reconnect);
        router.delete("/mcp").handler(this::delete);
    }

    /** At most the configured number of requests at once on this edge; the next gets 503 and Retry-After. */
    private void limited(RoutingContext ctx) {
        if (!inFlight.tryAcquire()) {
            ctx.response().putHeader("Retry-After", "1");
            answer(ctx, 503, error(null, SERVER_BUSY, "Too many MCP requests on this edge; retry shortly"));
            return;
        }
        ctx.addEndHandler(ignored -> inFlight.release());
        post(ctx);
    }

    private void post(RoutingContext ctx) {
        if (!originAllowed(ctx)) {
            answer(ctx, 403, error(null, JsonRpcException.INVALID_REQUEST, "Origin not allowed"));
            return;
        }
        String requested = ctx.request().getHeader(VERSION_HEADER);
        if (requested != null && !VERSIONS.contains(requested)) {
            answer(ctx, 400, error(null, JsonRpcException.INVALID_REQUEST, "Unsupported MCP-Protocol-Version '"
                    + requested + "'; supported: " + String.join(", ", VERSIONS)));
            return;
        }
        Object message;
        try {
            message = ctx.body() == null || ctx.body().buffer() == null ? null : Json.decodeValue(ctx.body().buffer());
        } catch (DecodeException e) {
            answer(ctx, 400, error(null, JsonRpcException.PARSE_ERROR, "Parse error: the body is not JSON"));
            return;
        }
        if (message instanceof JsonArray) {
            answer(ctx, 400, error(null, JsonRpcException.INVALID_REQUEST,
                    "Batches are not supported (removed in 2025-06-18); send one message per request"));
            return;
        }
        if (!(message instanceof JsonObject json) || !"2.0".equals(json.getValue("jsonrpc"))) {
            answer(ctx, 400, error(null, JsonRpcException.INVALID_REQUEST,
                    "Invalid request: a JSON-RPC 2.0 message object is expected"));
            return;
        }
        Object id = json.getValue("id");
        Object method = json.getValue("method");
        if (method == null) {
            // A response (to a request we never send yet) or junk: accepted if it is a response, else invalid.
            if (json.containsKey("result") || json.containsKey("error")) {
                vertx.executeBlocking(() -> {
                    answers.deliver(json);
                    return null;
                }, false).onComplete(done -> ctx.response().setStatusCode(202).end());
            } else {
                answer(ctx, 400, error(id, JsonRpcException.INVALID_REQUEST, "Invalid request: no method"));
            }
            return;
        }
        if (!(method instanceof String name) || id != null && !(id instanceof String) && !(id instanceof Number)) {
            answer(ctx, 400, error(null, JsonRpcException.INVALID_REQUEST,
                    "Invalid request: method must be a string and id a string or number"));
            return;
        }
        JsonObject params = json.getValue("params") instanceof JsonObject p ? p : new JsonObject();
        if (json.containsKey("params") && !(json.getValue("params") instanceof JsonObject)) {
            answer(ctx, 200, error(id, JsonRpcException.INVALID_PARAMS, "params must be an object"));
            return;
        }
        Principal principal = AuthenticationHandler.principal(ctx);
        if (name.equals("initialize")) {
            initialize(ctx, id, params, principal);
            return;
        }
        String sessionId = ctx.request().getHeader(SESSION_HEADER);
        if (sessionId == null || sessionId.isBlank()) {
            answer(ctx, 400, error(id, JsonRpcException.INVALID_REQUEST, "Missing MCP-Session-Id header; "
                    + "initialize first"));
            return;
        }
        vertx.executeBlocking(() -> sessions.get(sessionId).filter(s -> owns(s, principal)), false)
                .onFailure(ctx::fail)
                .onSuccess(session -> {
                    if (session.isEmpty()) {
                        answer(ctx, 404, error(id, JsonRpcException.INVALID_REQUEST, "Unknown or ended session; "
                                + "initialize a new one"));
                    } else if (id == null) {
                        if (name.equals("notifications/cancelled")) {
                            java.util.concurrent.atomic.AtomicBoolean call = running.get(sessionId + "/"
                                    + params.getValue("requestId"));
                            if (call != null) {
                                call.set(true);
                            }
                        }
                        ctx.response().setStatusCode(202).end(); // notifications: initialized, cancelled, …
                    } else {
                        dispatch(ctx, session.get(), id, name, params, principal);
                    }
                });
    }

    private void initialize(RoutingContext ctx, Object id, JsonObject params, Principal principal) {
        if (id == null) {
            answer(ctx, 400, error(null, JsonRpcException.INVALID_REQUEST, "initialize is a request: it needs an id"));
            return;
        }
        String asked = params.getValue("protocolVersion") instanceof String v ? v : null;
        if (asked == null) {
            answer(ctx, 200, error(id, JsonRpcException.INVALID_PARAMS, "initialize needs protocolVersion"));
            return;
        }
        String agreed = VERSIONS.contains(asked) ? asked : VERSIONS.get(0);
        JsonObject client = params.getJsonObject("clientInfo", new JsonObject());
        List<String> capabilities = List.copyOf(params.getJsonObject("capabilities", new JsonObject()).fieldNames());
        vertx.executeBlocking(() -> sessions.size() >= maxSessions ? null : sessions.open(agreed, principal.id(),
                        principal.tenant(), client.getString("name", ""), capabilities), false)
                .onFailure(ctx::fail)
                .onSuccess(session -> {
                    if (session == null) {
                        ctx.response().putHeader("Retry-After", "30");
                        answer(ctx, 503, error(id, SERVER_BUSY, "Too many open MCP sessions; end unused ones or "
                                + "retry later"));
                        return;
                    }
                    ctx.response().putHeader(SESSION_HEADER, session.id());
                    answer(ctx, 200, result(id, new JsonObject()
                            .put("protocolVersion", agreed)
                            .put("capabilities", new JsonObject()
                                    .put("tools", new JsonObject().put("listChanged", false))
                                    .put("resources", new JsonObject().put("subscribe", true)
                                            .put("listChanged", false))
                                    .put("prompts", new JsonObject().put("listChanged", false))
                                    .put("completions", new JsonObject())
                                    .put("logging", new JsonObject()))
                            .put("serverInfo", new JsonObject().put("name", "lalo").put("title", "LALO")
                                    .put("version", serverVersion()))
                            .put("instructions", "LALO's governed data tools: list_tables and describe_table to see "
                                    + "the schema, sql_query for SQL, nl2sql and ask for questions in plain language, "
                                    + "rag_search for documents. Everything runs with your own rights.")));
                });
    }

    private void dispatch(RoutingContext ctx, McpSessions.Session session, Object id, String method,
                          JsonObject params, Principal principal) {
        switch (method) {
            case "ping" -> answer(ctx, 200, result(id, new JsonObject()));
            case "tools/list" -> listTools(ctx, id, params);
            case "tools/call" -> callTool(ctx, session, id, params, principal);
            case "logging/setLevel" -> setLevel(ctx, session, id, params);
            case "resources/list" -> blocking(ctx, id, () -> page("resources", resources.stream()
                    .flatMap(provider -> provider.list(principal).stream()).toList(), params.getValue("cursor")));
            case "resources/templates/list" -> answer(ctx, 200, result(id, new JsonObject()
                    .put("resourceTemplates", new JsonArray(resources.stream()
                            .flatMap(provider -> provider.templates().stream()).toList()))));
            case "resources/subscribe", "resources/unsubscribe" -> subscription(ctx, session, id, method, params);
            case "resources/read" -> blocking(ctx, id, () -> readResource(params, principal,
                    RequestIdHandler.requestId(ctx)));
            case "prompts/list" -> answer(ctx, 200, result(id, new JsonObject().put("prompts", new JsonArray(
                    prompts.stream().flatMap(provider -> provider.list().stream()).toList()))));
            case "prompts/get" -> blocking(ctx, id, () -> prompt(params, principal, RequestIdHandler.requestId(ctx)));
            case "completion/complete" -> blocking(ctx, id, () -> complete(params, principal));
            default -> answer(ctx, 200, error(id, JsonRpcException.METHOD_NOT_FOUND, "Method not found: " + method));
        }
    }

    /** Answers with what {@code work} computes on a worker; a {@link JsonRpcException} becomes its error. */
    private void blocking(RoutingContext ctx, Object id, java.util.concurrent.Callable<JsonObject> work) {
        vertx.executeBlocking(work, false)
                .onSuccess(found -> answer(ctx, 200, result(id, found)))
                .onFailure(failure -> answer(ctx, 200, failure instanceof JsonRpcException rpc
                        ? error(id, rpc.code(), rpc.getMessage())
                        : error(id, JsonRpcException.INTERNAL_ERROR, "Internal error")));
    }

    private static JsonObject page(String field, List<JsonObject> all, Object cursor) {
        int from = cursor(cursor, all.size());
        JsonObject result = new JsonObject().put(field, new JsonArray(all.subList(from,
                Math.min(all.size(), from + PAGE))));
        if (from + PAGE < all.size()) {
            result.put("nextCursor", Base64.getUrlEncoder().encodeToString(Integer.toString(from + PAGE)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return result;
    }

    private JsonObject readResource(JsonObject params, Principal principal, String requestId) {
        if (!(params.getValue("uri") instanceof String uri)) {
            throw JsonRpcException.invalidParams("resources/read needs a uri");
        }
        for (ResourceProvider provider : resources) {
            Optional<JsonObject> content = provider.read(principal, uri, requestId);
            if (content.isPresent()) {
                return new JsonObject().put("contents", new JsonArray().add(content.get()));
            }
        }
        throw new JsonRpcException(RESOURCE_NOT_FOUND, "Resource not found: " + uri, 200);
    }

    private JsonObject prompt(JsonObject params, Principal principal, String requestId) {
        Object name = params.getValue("name");
        JsonObject given = params.getValue("arguments") instanceof JsonObject args ? args : new JsonObject();
        for (PromptProvider provider : prompts) {
            Optional<JsonObject> prompt = provider.get(String.valueOf(name), given, principal, requestId);
            if (prompt.isPresent()) {
                return prompt.get();
            }
        }
        throw JsonRpcException.invalidParams("Unknown prompt: " + name);
    }

    private JsonObject complete(JsonObject params, Principal principal) {
        JsonObject ref = params.getJsonObject("ref");
        JsonObject argument = params.getJsonObject("argument");
        if (ref == null || argument == null || !(argument.getValue("name") instanceof String name)) {
            throw JsonRpcException.invalidParams("completion/complete needs ref and argument {name, value}");
        }
        for (ResourceProvider provider : resources) {
            Optional<List<String>> found = provider.complete(principal, ref, name, argument.getString("value", ""));
            if (found.isPresent()) {
                List<String> values = found.get();
                return new JsonObject().put("completion", new JsonObject()
                        .put("values", new JsonArray(values.subList(0, Math.min(values.size(), MAX_COMPLETIONS))))
                        .put("total", values.size()).put("hasMore", values.size() > MAX_COMPLETIONS));
            }
        }
        throw JsonRpcException.invalidParams("Unknown prompt or resource template in ref");
    }

    /** Subscriptions are kept on the session; no LALO resource changes by itself yet, so none is notified. */
    private void subscription(RoutingContext ctx, McpSessions.Session session, Object id, String method,
                              JsonObject params) {
        if (!(params.getValue("uri") instanceof String uri) || uri.isBlank()) {
            answer(ctx, 200, error(id, JsonRpcException.INVALID_PARAMS, method + " needs a uri"));
            return;
        }
        vertx.executeBlocking(() -> {
            sessions.save(method.endsWith("unsubscribe") ? session.without(uri) : session.with(uri));
            return null;
        }, false).onFailure(ctx::fail).onSuccess(ignored -> answer(ctx, 200, result(id, new JsonObject())));
    }

    private void listTools(RoutingContext ctx, Object id, JsonObject params) {
        try {
            answer(ctx, 200, result(id, page("tools", tools.values().stream().map(McpTool::describe).toList(),
                    params.getValue("cursor"))));
        } catch (JsonRpcException e) {
            answer(ctx, 200, error(id, e.code(), e.getMessage()));
        }
    }

    /** An opaque cursor (the offset, encoded); anything this server did not hand out is invalid params. */
    static int cursor(Object value, int size) {
        if (value == null) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(value.toString()),
                    StandardCharsets.UTF_8));
            if (offset < 0 || offset > size) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw JsonRpcException.invalidParams("Invalid cursor");
        }
    }

    private void callTool(RoutingContext ctx, McpSessions.Session session, Object id, JsonObject params,
                          Principal principal) {
        Object name = params.getValue("name");
        McpTool tool = name instanceof String n ? tools.get(n) : null;
        if (tool == null) {
            answer(ctx, 200, error(id, JsonRpcException.INVALID_PARAMS, "Unknown tool: " + name));
            return;
        }
        Object given = params.getValue("arguments");
        if (given != null && !(given instanceof JsonObject)) {
            answer(ctx, 200, error(id, JsonRpcException.INVALID_PARAMS, "arguments must be an object"));
            return;
        }
        JsonObject arguments = given == null ? new JsonObject() : (JsonObject) given;
        List<String> problems = ArgumentCheck.problems(tool.inputSchema(), arguments);
        if (!problems.isEmpty()) {
            answer(ctx, 200, result(id, toolError("Invalid arguments: " + String.join("; ", problems))));
            return;
        }
        String requestId = RequestIdHandler.requestId(ctx);
        Object progressToken = params.getJsonObject("_meta", new JsonObject()).getValue("progressToken");
        String accept = ctx.request().getHeader("Accept");
        // Streamed only when there is something to stream: progress the client asked for.
        boolean wanted = tool.streaming() == McpTool.Streaming.ALWAYS
                || tool.streaming() == McpTool.Streaming.ON_PROGRESS && progressToken != null;
        McpEventStream stream = wanted && accept != null && accept.contains("text/event-stream")
                ? McpEventStream.open(ctx, events, session.id()) : null;
        String callKey = session.id() + "/" + id;
        java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        running.put(callKey, cancelled);
        McpTool.Progress progress = stream == null || progressToken == null ? (done, total, message) -> { }
                : (done, total, message) -> {
                    JsonObject notice = new JsonObject().put("progressToken", progressToken).put("progress", done);
                    if (total != null) {
                        notice.put("total", total);
                    }
                    if (message != null) {
                        notice.put("message", message);
                    }
                    stream.send(notification("notifications/progress", notice));
                };
        int threshold = LEVELS.indexOf(session.logLevel());
        McpTool.Log log = stream == null ? (level, data) -> { } : (level, data) -> {
            if (LEVELS.indexOf(level) >= threshold) {
                stream.send(notification("notifications/message", new JsonObject().put("level", level)
                        .put("logger", tool.name()).put("data", data)));
            }
        };
        McpTool.Client client = new McpTool.Client() {
            @Override
            public boolean supports(String capability) {
                return session.clientCapabilities().contains(capability);
            }

            @Override
            public JsonObject request(String method, JsonObject requestParams) throws Exception {
                if (stream == null) {
                    throw new McpTool.ToolFailure("the client does not accept an event stream, so it cannot be asked");
                }
                Map.Entry<String, java.util.concurrent.CompletableFuture<JsonObject>> expected = answers.expect();
                String askedId = expected.getKey();
                java.util.concurrent.CompletableFuture<JsonObject> answer = expected.getValue();
                try {
                    stream.send(new JsonObject().put("jsonrpc", "2.0").put("id", askedId).put("method", method)
                            .put("params", requestParams));
                    JsonObject response = answer.get(CLIENT_ANSWER_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                    if (response.containsKey("error")) {
                        throw new McpTool.ToolFailure("the client refused " + method + ": "
                                + response.getJsonObject("error").getString("message"));
                    }
                    return response.getJsonObject("result", new JsonObject());
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new McpTool.ToolFailure("the client did not answer " + method + " within "
                            + CLIENT_ANSWER_SECONDS + " s");
                } finally {
                    answers.forget(askedId);
                }
            }
        };
        McpTool.Call call = new McpTool.Call(principal, arguments, requestId, progress, log, cancelled::get,
                client, stream == null ? () -> { } : stream::detach);
        // The response is written where the work ran: on a stream it goes through the event log (a grid write).
        vertx.executeBlocking(() -> {
            JsonObject response;
            try {
                response = result(id, tool.work().call(call).toResult());
            } catch (Exception failure) {
                response = result(id, toolError(message(failure)));
            } finally {
                running.remove(callKey);
            }
            if (stream != null) {
                stream.finish(response);
            }
            return response;
        }, false).onSuccess(response -> {
            if (stream == null) {
                answer(ctx, 200, response);
            }
        }).onFailure(ctx::fail);
    }

    static JsonObject notification(String method, JsonObject params) {
        return new JsonObject().put("jsonrpc", "2.0").put("method", method).put("params", params);
    }

    private static JsonObject toolError(String message) {
        return new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text")
                .put("text", message))).put("isError", true);
    }

    /** What a failed tool call tells its caller: the refusal or problem, never a stack trace. */
    private static String message(Throwable failure) {
        if (failure instanceof McpTool.ToolFailure || failure instanceof IllegalArgumentException
                || failure instanceof io.lalo.edge.ApiException) {
            return failure.getMessage();
        }
        String text = failure.getMessage();
        return text == null || text.isBlank() ? failure.getClass().getSimpleName() : text;
    }

    private void setLevel(RoutingContext ctx, McpSessions.Session session, Object id, JsonObject params) {
        Object level = params.getValue("level");
        if (!(level instanceof String text) || !LEVELS.contains(text)) {
            answer(ctx, 200, error(id, JsonRpcException.INVALID_PARAMS, "level must be one of "
                    + String.join(", ", LEVELS)));
            return;
        }
        vertx.executeBlocking(() -> {
            sessions.save(session.withLogLevel(text));
            return null;
        }, false).onFailure(ctx::fail).onSuccess(ignored -> answer(ctx, 200, result(id, new JsonObject())));
    }

    /**
     * {@code GET /mcp}: a client reconnecting a broken stream with {@code Last-Event-ID} gets the events it missed,
     * then the rest as the call goes on, up to its response (from any edge: the events are in the grid). Without
     * {@code Last-Event-ID} there is no server-initiated stream to open (405).
     */
    private void reconnect(RoutingContext ctx) {
        String lastEvent = ctx.request().getHeader("Last-Event-ID");
        String sessionId = ctx.request().getHeader(SESSION_HEADER);
        if (lastEvent == null) {
            ctx.response().setStatusCode(405).putHeader("Allow", "POST, DELETE").end();
            return;
        }
        if (sessionId == null || sessionId.isBlank()) {
            answer(ctx, 400, error(null, JsonRpcException.INVALID_REQUEST, "Missing MCP-Session-Id header"));
            return;
        }
        int dash = lastEvent.lastIndexOf('-');
        long seen;
        try {
            seen = Long.parseLong(lastEvent.substring(dash + 1));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            answer(ctx, 400, error(null, JsonRpcException.INVALID_REQUEST, "Malformed Last-Event-ID"));
            return;
        }
        String streamId = lastEvent.substring(0, Math.max(0, dash));
        Principal principal = AuthenticationHandler.principal(ctx);
        vertx.executeBlocking(() -> sessions.get(sessionId).filter(s -> owns(s, principal))
                        .flatMap(session -> events.stream(streamId).filter(st -> st.session().equals(session.id()))),
                false).onFailure(ctx::fail).onSuccess(found -> {
                    if (found.isEmpty()) {
                        answer(ctx, 404, error(null, JsonRpcException.INVALID_REQUEST, "Unknown session or stream"));
                        return;
                    }
                    ctx.response().setChunked(true).setStatusCode(200).putHeader("Content-Type", "text/event-stream")
                            .putHeader("Cache-Control", "no-cache");
                    replay(ctx, streamId, seen, System.currentTimeMillis() + REPLAY_WAIT_MILLIS);
                });
    }

    /** Sends the stream's events after {@code seen}, polling the log until the call's response went out. */
    private void replay(RoutingContext ctx, String streamId, long seen, long giveUpAt) {
        if (ctx.response().closed()) {
            return;
        }
        vertx.executeBlocking(() -> {
            Optional<McpEventLog.Stream> stream = events.stream(streamId);
            long last = stream.map(McpEventLog.Stream::last).orElse(seen);
            return new Replay(events.read(streamId, seen + 1, last), last, stream.map(McpEventLog.Stream::done)
                    .orElse(true));
        }, false).onFailure(ctx::fail).onSuccess(replay -> {
            long number = seen;
            for (String message : replay.messages()) {
                number++;
                ctx.response().write(McpEventStream.frame(streamId + "-" + number, message));
            }
            if (replay.done() || System.currentTimeMillis() > giveUpAt) {
                ctx.response().end();
            } else {
                long next = replay.last();
                vertx.setTimer(REPLAY_POLL_MILLIS, timer -> replay(ctx, streamId, next, giveUpAt));
            }
        });
    }

    /** What a replay round found: the messages, the last number read, and whether the stream is complete. */
    private record Replay(List<String> messages, long last, boolean done) {
    }

    private void delete(RoutingContext ctx) {
        String sessionId = ctx.request().getHeader(SESSION_HEADER);
        if (sessionId == null || sessionId.isBlank()) {
            answer(ctx, 400, error(null, JsonRpcException.INVALID_REQUEST, "Missing MCP-Session-Id header"));
            return;
        }
        Principal principal = AuthenticationHandler.principal(ctx);
        vertx.executeBlocking(() -> {
            Optional<McpSessions.Session> session = sessions.get(sessionId).filter(s -> owns(s, principal));
            return session.isPresent() && sessions.close(sessionId);
        }, false).onFailure(ctx::fail).onSuccess(closed -> {
            if (closed) {
                ctx.response().setStatusCode(204).end();
            } else {
                answer(ctx, 404, error(null, JsonRpcException.INVALID_REQUEST, "Unknown or ended session"));
            }
        });
    }

    private static boolean owns(McpSessions.Session session, Principal principal) {
        return session.principal().equals(principal.id()) && session.tenant().equals(principal.tenant());
    }

    /**
     * No Origin (not a browser), or a loopback origin, or this edge's own host; and, on an edge bound to a loopback
     * address, a loopback {@code Host} — a rebound name ("evil.example" resolving to 127.0.0.1) is refused.
     */
    private boolean originAllowed(RoutingContext ctx) {
        if (loopback(edgeHost)) {
            String authority = ctx.request().authority() == null ? null : ctx.request().authority().host();
            if (authority != null && !loopback(authority)) {
                return false;
            }
        }
        String origin = ctx.request().getHeader("Origin");
        if (origin == null || origin.isBlank()) {
            return true;
        }
        try {
            String host = URI.create(origin).getHost();
            return host != null && (loopback(host) || host.equalsIgnoreCase(edgeHost));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean loopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }

    private static String serverVersion() {
        String version = McpServer.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    static JsonObject result(Object id, JsonObject result) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result);
    }

    static JsonObject error(Object id, int code, String message) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("error", new JsonObject().put("code", code)
                .put("message", message));
    }

    private static void answer(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

}
