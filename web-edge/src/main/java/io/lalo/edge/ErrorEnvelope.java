package io.lalo.edge;

import io.lalo.audit.AuditBacklogException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.apache.ignite.IgniteCacheRestartingException;
import org.apache.ignite.IgniteClientDisconnectedException;
import org.apache.ignite.IgniteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every error the edge returns as {@code {"error":{"code","message","details","requestId"}}}. It is the
 * router's failure handler and its handler for unmatched routes, so no path through the edge can answer with an
 * HTML page or a stack trace. Unexpected failures are logged with the request id and answered with a generic 500.
 */
final class ErrorEnvelope implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorEnvelope.class);

    static final String JSON = "application/json";

    @Override
    public void handle(RoutingContext ctx) {
        if (!ctx.request().isEnded()) {
            ctx.request().resume(); // a body held back by authentication and never read: let it drain
        }
        Throwable failure = ctx.failure();
        if (failure instanceof ApiException api) {
            api.headers().forEach(ctx.response()::putHeader);
            write(ctx, api.status(), api.code(), api.getMessage(), api.details());
            return;
        }
        if (failure instanceof AuditBacklogException backlog) {
            ctx.response().putHeader("Retry-After", "1");
            write(ctx, 503, "AUDIT_BACKLOG", backlog.getMessage(), Map.of());
            return;
        }
        if (gridUnavailable(failure)) {
            ctx.response().putHeader("Retry-After", "5");
            write(ctx, 503, "UNAVAILABLE", "The data grid is not reachable; retry shortly", Map.of());
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500) {
            LOG.error("Request {} {} failed [requestId={}]", ctx.request().method(), ctx.request().path(),
                    RequestIdHandler.requestId(ctx), failure);
        }
        write(ctx, status, codeFor(status), messageFor(status, ctx), Map.of());
    }

    /** A client node cut off from the servers, or a cluster that is not active: the edge cannot serve now. */
    private static boolean gridUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IgniteClientDisconnectedException
                    || cause instanceof IgniteCacheRestartingException
                    || (cause instanceof IgniteException && String.valueOf(cause.getMessage()).contains("not active"))) {
                return true;
            }
        }
        return false;
    }

    static void write(RoutingContext ctx, int status, String code, String message, Map<String, Object> details) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        JsonObject error = new JsonObject()
                .put("code", code)
                .put("message", message)
                .put("details", new JsonObject(Map.copyOf(details)))
                .put("requestId", RequestIdHandler.requestId(ctx));
        if (!response.headWritten()) {
            response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        }
        response.end(new JsonObject().put("error", error).encode());
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 408 -> "REQUEST_TIMEOUT";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 429 -> "RATE_LIMITED";
            case 503 -> "UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL" : "BAD_REQUEST";
        };
    }

    private static String messageFor(int status, RoutingContext ctx) {
        return switch (status) {
            case 404 -> "No route for " + ctx.request().path();
            case 405 -> "Method " + ctx.request().method() + " is not allowed on " + ctx.request().path();
            case 413 -> "Request body exceeds the limit";
            case 415 -> "Unsupported content type; send application/json";
            case 400 -> "Malformed request";
            default -> status >= 500 ? "Internal error; see the server log for this request id" : "Request failed";
        };
    }
}
