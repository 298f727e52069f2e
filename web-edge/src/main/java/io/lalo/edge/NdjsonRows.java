package io.lalo.edge;

import io.lalo.sql.execute.RowSink;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes a streamed query result as NDJSON: a first line {@code {"columns":[{"name","type"}…]}}, one JSON array per
 * row, and a last line {@code {"rowCount","truncated"}} — or {@code {"error":{…}}} when the query fails after rows
 * went out. Runs on the query's worker thread: rows are written in batches, and when the client reads slower than
 * the grid produces, the worker waits for the connection to drain instead of buffering without bound. A client that
 * disconnects stops the query.
 */
final class NdjsonRows implements RowSink {

    static final String MEDIA_TYPE = "application/x-ndjson";

    private static final int BATCH_BYTES = 64 * 1024;
    private static final long DRAIN_TIMEOUT_SECONDS = 60;

    private final HttpServerResponse response;
    private final Context context;
    private Buffer pending = Buffer.buffer(BATCH_BYTES);
    private long rows;

    NdjsonRows(HttpServerResponse response, Context context) {
        this.response = response;
        this.context = context;
    }

    @Override
    public void start(List<String> columns, List<String> types) {
        JsonArray header = new JsonArray();
        for (int i = 0; i < columns.size(); i++) {
            header.add(new JsonObject().put("name", columns.get(i)).put("type", types.get(i)));
        }
        response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE);
        line(new JsonObject().put("columns", header).encode());
    }

    @Override
    public void row(List<?> row) {
        JsonArray values = new JsonArray();
        row.forEach(value -> values.add(SqlRoutes.jsonValue(value)));
        line(values.encode());
        rows++;
    }

    /** The closing line; ends the response. */
    void finish(boolean truncated) {
        end(new JsonObject().put("rowCount", rows).put("truncated", truncated));
    }

    /** Whether anything has been sent: after that, a failure can only be reported in the stream itself. */
    boolean started() {
        return response.headWritten() || pending.length() > 0;
    }

    /** Reports a failure after rows went out, as the stream's last line. */
    void fail(String code, String message, String requestId) {
        end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)
                .put("requestId", requestId)));
    }

    /** Sends what is pending with {@code last} as the final line and ends the response. */
    private void end(JsonObject last) {
        pending.appendString(last.encode()).appendString("\n");
        Buffer rest = pending;
        pending = Buffer.buffer();
        response.end(rest);
    }

    private void line(String json) {
        pending.appendString(json).appendString("\n");
        if (pending.length() >= BATCH_BYTES) {
            flush();
        }
    }

    private void flush() {
        if (response.closed()) {
            throw new ClientGoneException();
        }
        response.write(pending);
        pending = Buffer.buffer(BATCH_BYTES);
        if (response.writeQueueFull()) {
            awaitDrain();
        }
    }

    private void awaitDrain() {
        CompletableFuture<Void> drained = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            if (!response.writeQueueFull() || response.closed()) {
                drained.complete(null);
            } else {
                response.drainHandler(done -> drained.complete(null));
                response.closeHandler(closed -> drained.complete(null));
            }
        });
        try {
            drained.get(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientGoneException();
        } catch (ExecutionException | TimeoutException e) {
            throw new ClientGoneException();
        }
        if (response.closed()) {
            throw new ClientGoneException();
        }
    }

    /** The client went away or stopped reading: the query is abandoned. */
    static final class ClientGoneException extends RuntimeException {
        ClientGoneException() {
            super("The client stopped reading the stream", null, false, false);
        }
    }
}
