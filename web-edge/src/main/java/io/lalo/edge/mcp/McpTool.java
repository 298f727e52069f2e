package io.lalo.edge.mcp;

import io.lalo.governance.Principal;
import io.vertx.core.json.JsonObject;
import java.util.function.BooleanSupplier;

/**
 * One tool the MCP server offers: its name, what it does, the JSON Schemas of its arguments and of its structured
 * result, and the work, which runs on a worker thread as the calling principal. The work returns the structured
 * result; the server adds the text block. A {@link ToolFailure} becomes a tool error result ({@code isError}).
 * A tool may report progress and log messages while it works; its {@link Streaming} says when its answer is then a
 * stream of server-sent events ending with the result (only for clients that accept event streams).
 */
record McpTool(String name, String title, String description, JsonObject inputSchema, JsonObject outputSchema,
               Streaming streaming, Work work) {

    /** When a call's answer is a stream of events rather than one JSON response. */
    enum Streaming {
        /** Never: the tool sends no notifications. */
        NEVER,
        /** When the client asked for progress (a progress token). */
        ON_PROGRESS,
        /** Always (the tool sends log messages as it works). */
        ALWAYS
    }

    /** The blocking work of a call. */
    @FunctionalInterface
    interface Work {
        Output call(Call call) throws Exception;
    }

    /** A tool that answers structured data (JSON) gets it as a text block too. */
    static Work structured(StructuredWork work) {
        return call -> Output.of(work.call(call));
    }

    /** Work whose result is structured data. */
    @FunctionalInterface
    interface StructuredWork {
        JsonObject call(Call call) throws Exception;
    }

    /** What a call returns: its content blocks, and its structured result (null for none). */
    record Output(io.vertx.core.json.JsonArray content, JsonObject structured) {

        static Output of(JsonObject structured) {
            return new Output(new io.vertx.core.json.JsonArray().add(new JsonObject().put("type", "text")
                    .put("text", structured.encode())), structured);
        }

        JsonObject toResult() {
            JsonObject result = new JsonObject().put("content", content).put("isError", false);
            if (structured != null) {
                result.put("structuredContent", structured);
            }
            return result;
        }
    }

    /**
     * One call: who asks, with what, and the call's channel back to the client — progress (sent only when the
     * client asked for it with a progress token), log messages (sent at or above the session's level), whether the
     * client cancelled the call, requests to the client, and {@code detach}: end the client's connection now and
     * let it reconnect for the rest (its events are kept).
     */
    record Call(Principal caller, JsonObject arguments, String requestId, Progress progress, Log log,
                BooleanSupplier cancelled, Client client, Runnable detach) {
    }

    /**
     * Requests to the client during a call ({@code sampling/createMessage}, {@code elicitation/create}): sent on
     * the call's event stream, answered by the client's next POST. Fails when the client did not declare the
     * capability or does not answer in time.
     */
    interface Client {
        /** Whether the client declared {@code capability} ("sampling", "elicitation") at initialize. */
        boolean supports(String capability);

        JsonObject request(String method, JsonObject params) throws Exception;
    }

    /** Reports progress: done so far, of how much (null when unknown), and what is happening. */
    @FunctionalInterface
    interface Progress {
        void report(double done, Double total, String message);
    }

    /** Sends a log message at a syslog level ({@code info}, {@code warning}, …). */
    @FunctionalInterface
    interface Log {
        void send(String level, Object data);
    }

    JsonObject describe() {
        JsonObject json = new JsonObject().put("name", name).put("description", description)
                .put("inputSchema", inputSchema);
        if (title != null) {
            json.put("title", title);
        }
        if (outputSchema != null) {
            json.put("outputSchema", outputSchema);
        }
        return json;
    }

    /** A failure the caller should see as the tool's answer (refused, invalid, not found), not a protocol error. */
    static final class ToolFailure extends RuntimeException {
        ToolFailure(String message) {
            super(message, null, false, false);
        }
    }
}
