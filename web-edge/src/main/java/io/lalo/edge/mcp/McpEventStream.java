package io.lalo.edge.mcp;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The answer to one POST as a stream of server-sent events (Streamable HTTP): a priming event (an id, no data, and
 * the reconnection delay), the notifications and requests the call sends while it works, then its response, then
 * the end of the stream. Every event is numbered ({@code <stream>-<n>}) and written to the {@link McpEventLog}
 * first, so a client whose connection broke — or whose stream the server closed early — gets the rest by
 * reconnecting with {@code Last-Event-ID}. Events are sent from worker threads (the log write blocks) and handed
 * to the request's event loop in order.
 */
final class McpEventStream {

    /** A comment line every half minute keeps proxies and clients from closing a quiet stream. */
    static final long HEARTBEAT_MILLIS = 30_000;
    /** How long a client waits before reconnecting a broken stream. */
    static final long RETRY_MILLIS = 500;

    private final Context context;
    private final HttpServerResponse response;
    private final McpEventLog log;
    private final String session;
    private final String id;
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean detached;
    private volatile long heartbeat = -1;

    private McpEventStream(Context context, HttpServerResponse response, McpEventLog log, String session) {
        this.context = context;
        this.response = response;
        this.log = log;
        this.session = session;
        this.id = UUID.randomUUID().toString().replace("-", "");
    }

    /** Opens the stream and sends its priming event; call on the request's event loop. */
    static McpEventStream open(RoutingContext ctx, McpEventLog log, String session) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true).setStatusCode(200)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        McpEventStream stream = new McpEventStream(ctx.vertx().getOrCreateContext(), response, log, session);
        response.write("id: " + stream.id + "-0\nretry: " + RETRY_MILLIS + "\ndata: \n\n");
        stream.heartbeat = ctx.vertx().setPeriodic(HEARTBEAT_MILLIS, timer -> {
            if (response.closed() || response.ended()) {
                ctx.vertx().cancelTimer(timer);
            } else {
                response.write(": ping\n\n");
            }
        });
        response.closeHandler(ignored -> ctx.vertx().cancelTimer(stream.heartbeat));
        response.endHandler(ignored -> ctx.vertx().cancelTimer(stream.heartbeat));
        return stream;
    }

    /** Sends one JSON-RPC message (logged first). Call on a worker thread. */
    void send(JsonObject message) {
        write(message, false);
    }

    /** Sends the call's response and ends the stream. Call on a worker thread. */
    void finish(JsonObject message) {
        write(message, true);
    }

    /**
     * Ends the HTTP response now while the call goes on (SEP-1699 polling): what is sent from here on is only
     * logged, for the client to fetch by reconnecting.
     */
    void detach() {
        detached = true;
        context.runOnContext(ignored -> {
            if (!response.closed() && !response.ended()) {
                response.end();
            }
        });
    }

    private void write(JsonObject message, boolean last) {
        long number = sequence.incrementAndGet();
        String json = message.encode();
        log.append(id, session, number, json, last);
        if (detached) {
            return;
        }
        String frame = frame(id + "-" + number, json);
        context.runOnContext(ignored -> {
            if (!response.closed() && !response.ended()) {
                response.write(frame);
                if (last) {
                    response.end();
                }
            }
        });
    }

    static String frame(String eventId, String json) {
        return "id: " + eventId + "\nevent: message\ndata: " + json + "\n\n";
    }
}
