package io.lalo.edge;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;

/**
 * Rejects request bodies the edge will not read before reading them: a body that declares a length above the limit
 * gets 413, a body that is not JSON gets 415. Bodies sent chunked without a length are cut off at the limit by the
 * body handler that follows, which fails them with 413 as well. A body a route has already read by its own rules
 * (document uploads, {@link DocumentUploadBody}) is left alone.
 */
final class BodyPolicyHandler implements Handler<RoutingContext> {

    private final long limit;

    BodyPolicyHandler(long limit) {
        this.limit = limit;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (DocumentUploadBody.handled(ctx)) {
            ctx.next();
            return;
        }
        HttpServerRequest request = ctx.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = "chunked".equalsIgnoreCase(request.getHeader(HttpHeaders.TRANSFER_ENCODING));
        long declared = parseLength(length);
        if (declared > limit) {
            ctx.fail(new ApiException(413, "PAYLOAD_TOO_LARGE", "Request body of " + declared
                    + " bytes exceeds the limit of " + limit + " bytes", Map.of("limitBytes", limit)));
            return;
        }
        if ((declared > 0 || chunked) && !isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
            ctx.fail(new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content type "
                    + (type == null ? "(none)" : "'" + type + "'") + " is not supported; send application/json",
                    Map.of("supported", "application/json")));
            return;
        }
        ctx.next();
    }

    private static long parseLength(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }
}
