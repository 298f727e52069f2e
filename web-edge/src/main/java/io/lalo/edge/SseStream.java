package io.lalo.edge;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * A server-sent-events response that a worker thread can write to: each event is handed to the request's event
 * loop, in order. Opened on the event loop; events written from anywhere; closed with a final {@code end} event.
 * A client that went away is not an error: writes to a closed response are dropped.
 */
final class SseStream {

    private final Context context;
    private final HttpServerResponse response;

    private SseStream(Context context, HttpServerResponse response) {
        this.context = context;
        this.response = response;
    }

    /** Starts the stream; call on the request's event loop. */
    static SseStream open(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": stream open\n\n");
        return new SseStream(ctx.vertx().getOrCreateContext(), response);
    }

    void event(String name, JsonObject data) {
        String frame = "event: " + name + "\ndata: " + data.encode() + "\n\n";
        context.runOnContext(ignored -> {
            if (!response.closed() && !response.ended()) {
                response.write(frame);
            }
        });
    }

    void end() {
        context.runOnContext(ignored -> {
            if (!response.closed() && !response.ended()) {
                response.end("event: end\ndata: {}\n\n");
            }
        });
    }
}
