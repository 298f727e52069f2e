package io.lalo.edge.mcp;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The answer to one POST as a stream of server-sent events (Streamable HTTP): the notifications the call sends
 * while it works (progress, log messages), then its response, then the end of the stream. Written from any thread;
 * each event is handed to the request's event loop, in order. Events are numbered within the stream.
 */
final class McpEventStream {

    private final Context context;
    private final HttpServerResponse response;
    private final String prefix;
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile long heartbeat = -1;

    /** A comment line every half minute keeps proxies and clients from closing a quiet stream. */
    static final long HEARTBEAT_MILLIS = 30_000;

    private McpEventStream(Context context, HttpServerResponse response, String prefix) {
        this.context = context;
        this.response = response;
        this.prefix = prefix;
    }

    /** Opens the stream; call on the request's event loop. */
    static McpEventStream open(RoutingContext ctx, String streamId) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true).setStatusCode(200)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        McpEventStream stream = new McpEventStream(ctx.vertx().getOrCreateContext(), response, streamId);
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

    /** Sends one JSON-RPC message. */
    void send(JsonObject message) {
        String frame = "id: " + prefix + "-" + sequence.incrementAndGet() + "\nevent: message\ndata: "
                + message.encode() + "\n\n";
        context.runOnContext(ignored -> {
            if (!response.closed() && !response.ended()) {
                response.write(frame);
            }
        });
    }

    /** Sends the call's response and ends the stream. */
    void finish(JsonObject message) {
        send(message);
        context.runOnContext(ignored -> {
            if (!response.closed() && !response.ended()) {
                response.end();
            }
        });
    }

    boolean open() {
        return !response.closed();
    }
}
