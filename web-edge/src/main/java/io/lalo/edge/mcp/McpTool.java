package io.lalo.edge.mcp;

import io.lalo.governance.Principal;
import io.vertx.core.json.JsonObject;
import java.util.function.BooleanSupplier;

/**
 * One tool the MCP server offers: its name, what it does, the JSON Schemas of its arguments and of its structured
 * result, and the work, which runs on a worker thread as the calling principal. The work returns the structured
 * result; the server adds the text block. A {@link ToolFailure} becomes a tool error result ({@code isError}).
 * A tool that {@code streams} reports progress and log messages while it works: when the client asked for progress
 * (a progress token) and accepts event streams, its answer is a stream of server-sent events ending with the
 * result.
 */
record McpTool(String name, String title, String description, JsonObject inputSchema, JsonObject outputSchema,
               boolean streams, Work work) {

    /** The blocking work of a call. */
    @FunctionalInterface
    interface Work {
        JsonObject call(Call call) throws Exception;
    }

    /**
     * One call: who asks, with what, and the call's channel back to the client — progress (sent only when the
     * client asked for it with a progress token), log messages (sent at or above the session's level), and whether
     * the client cancelled the call.
     */
    record Call(Principal caller, JsonObject arguments, String requestId, Progress progress, Log log,
                BooleanSupplier cancelled) {
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
        JsonObject json = new JsonObject().put("name", name).put("title", title).put("description", description)
                .put("inputSchema", inputSchema);
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
