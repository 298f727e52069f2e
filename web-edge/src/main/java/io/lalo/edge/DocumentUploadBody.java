package io.lalo.edge;

import io.lalo.rag.ingest.DocumentFormat;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Body reading for {@code POST /v1/documents}, which takes what the rest of the API refuses: files (multipart
 * form uploads, or a raw PDF, HTML, Markdown or text body) up to {@code rag.maxDocumentBytes}. A declared length
 * above the limit is refused before reading (413); other media types get 415. The request is marked so the
 * edge's JSON body policy that follows leaves it alone (Vert.x's body handler skips a body already read). Uploaded files go to a temporary directory and are
 * deleted when the response ends.
 */
final class DocumentUploadBody implements Handler<RoutingContext> {

    static final String HANDLED = "lalo.body.handled";

    private final long limit;
    private final BodyHandler reader;

    DocumentUploadBody(long limit, Path uploads) {
        this.limit = limit;
        this.reader = BodyHandler.create(uploads.toString()).setBodyLimit(limit).setDeleteUploadedFilesOnEnd(true)
                .setHandleFileUploads(true);
    }

    /** Whether an earlier handler already read this request's body. */
    static boolean handled(RoutingContext ctx) {
        return ctx.get(HANDLED) != null;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                long declared = Long.parseLong(length.trim());
                if (declared > limit) {
                    ctx.fail(new ApiException(413, "PAYLOAD_TOO_LARGE", "A document of " + declared
                            + " bytes exceeds rag.maxDocumentBytes (" + limit + ")", Map.of("limitBytes", limit)));
                    return;
                }
            } catch (NumberFormatException ignored) {
                // the body reader enforces the limit while reading
            }
        }
        if (!accepted(type)) {
            ctx.fail(new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content type "
                    + (type == null ? "(none)" : "'" + type + "'") + " is not supported; send application/json, "
                    + "multipart/form-data, or a text/plain, text/markdown, text/html or application/pdf body",
                    Map.of("supported", "application/json, multipart/form-data, text/plain, text/markdown, "
                            + "text/html, application/pdf")));
            return;
        }
        ctx.put(HANDLED, Boolean.TRUE);
        reader.handle(ctx);
    }

    private static boolean accepted(String contentType) {
        if (contentType == null) {
            return false;
        }
        String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.equals("multipart/form-data")
                || DocumentFormat.ofMediaType(media).isPresent();
    }
}
