package io.lalo.edge;

import io.lalo.config.LaloConfig;
import io.lalo.edge.auth.AuthenticationHandler;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.lalo.rag.Rag;
import io.lalo.rag.ingest.DocumentFormat;
import io.lalo.rag.ingest.IngestJob;
import io.lalo.rag.ingest.IngestRequest;
import io.lalo.rag.ingest.IngestResult;
import io.lalo.rag.store.DocumentRecord;
import io.lalo.rag.store.DocumentStore;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Documents over HTTP: {@code POST /v1/documents} ingests JSON text, a multipart file upload or a raw file body
 * (metadata in the query string); large documents become background jobs ({@code 202}, then
 * {@code GET /v1/documents/jobs/{id}}). {@code GET /v1/documents[/{id}]} and {@code DELETE /v1/documents/{id}}
 * see only documents the caller may read. Ingest runs on a worker; embedding on the embedding pool.
 */
public final class DocumentRoutes {

    static final Pattern TAG = Pattern.compile("[^\\p{Cntrl},]{1,64}");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@:\\-]{1,128}");
    private static final Set<String> JSON_FIELDS = Set.of("id", "title", "source", "tags", "acl", "text", "format",
            "async");
    private static final int MAX_TITLE = 500;

    private final Vertx vertx;
    private final Governance governance;
    private final Rag rag;
    private final LaloConfig.Rag config;
    private final Path uploads;

    DocumentRoutes(Vertx vertx, Governance governance, Rag rag, LaloConfig.Rag config, Path uploads) {
        this.vertx = vertx;
        this.governance = governance;
        this.rag = rag;
        this.config = config;
        this.uploads = uploads;
    }

    /** Body reading of uploads; mounted before the edge's general JSON body handling. */
    void mountBodyHandling(Router router) {
        router.post("/v1/documents").handler(new DocumentUploadBody(config.maxDocumentBytes(), uploads));
    }

    void mount(Router router) {
        router.post("/v1/documents").handler(PolicyEnforcement.require(governance, "rag.ingest",
                ctx -> Resource.of("document", "*"))).handler(this::ingest);
        router.get("/v1/documents").handler(PolicyEnforcement.require(governance, "rag.documents.read",
                ctx -> Resource.of("document", "*"))).handler(this::list);
        router.get("/v1/documents/jobs/:id").handler(PolicyEnforcement.require(governance, "rag.ingest",
                ctx -> Resource.of("document", "*"))).handler(this::job);
        router.get("/v1/documents/:id").handler(PolicyEnforcement.require(governance, "rag.documents.read",
                ctx -> Resource.of("document", ctx.pathParam("id")))).handler(this::get);
        router.delete("/v1/documents/:id").handler(PolicyEnforcement.require(governance, "rag.documents.delete",
                ctx -> Resource.of("document", ctx.pathParam("id")))).handler(this::delete);
    }

    private void ingest(RoutingContext ctx) {
        Principal caller = AuthenticationHandler.principal(ctx);
        String media = mediaType(ctx);
        Future<Upload> upload = switch (media) {
            case "application/json" -> Future.succeededFuture(fromJson(ctx, caller));
            case "multipart/form-data" -> fromMultipart(ctx, caller);
            default -> Future.succeededFuture(fromRaw(ctx, caller, media));
        };
        upload.onSuccess(received -> {
            boolean async = received.async() || received.request().content().length > config.asyncThresholdBytes();
            if (async) {
                vertx.executeBlocking(() -> rag.jobs().submit(received.request()), false)
                        .onSuccess(job -> {
                            ctx.response().putHeader(HttpHeaders.LOCATION, "/v1/documents/jobs/" + job.id());
                            Responses.json(ctx, 202, job(job));
                        })
                        .onFailure(failure -> ctx.fail(RagFailures.translate(failure)));
                return;
            }
            vertx.executeBlocking(() -> rag.ingestion().ingest(received.request()), false)
                    .onSuccess(result -> Responses.json(ctx,
                            result.outcome() == DocumentStore.Outcome.CREATED ? 201 : 200, result(result)))
                    .onFailure(failure -> ctx.fail(RagFailures.translate(failure)));
        }).onFailure(failure -> ctx.fail(RagFailures.translate(failure)));
    }

    /** An ingest request as received, and whether the caller asked for a background job. */
    private record Upload(IngestRequest request, boolean async) {
    }

    private Upload fromJson(RoutingContext ctx, Principal caller) {
        JsonObject body = JsonBodies.object(ctx);
        for (String field : body.fieldNames()) {
            if (!JSON_FIELDS.contains(field)) {
                throw ApiException.badRequest(field, "Unknown field '" + field + "'; expected one of "
                        + String.join(", ", JSON_FIELDS.stream().sorted().toList()));
            }
        }
        Object text = body.getValue("text");
        if (!(text instanceof String content) || content.isBlank()) {
            throw ApiException.badRequest("text", "'text' is required: the document's text");
        }
        String formatName = JsonBodies.optionalString(body, "format", 16);
        DocumentFormat format = formatName == null ? DocumentFormat.TEXT : switch (formatName.toLowerCase(Locale.ROOT)) {
            case "text" -> DocumentFormat.TEXT;
            case "markdown" -> DocumentFormat.MARKDOWN;
            case "html" -> DocumentFormat.HTML;
            default -> throw ApiException.badRequest("format", "'format' must be text, markdown or html (send PDF "
                    + "as a file)");
        };
        JsonObject acl = JsonBodies.optionalObject(body, "acl");
        if (acl != null) {
            for (String field : acl.fieldNames()) {
                if (!field.equals("users") && !field.equals("groups")) {
                    throw ApiException.badRequest("acl." + field, "Unknown ACL field '" + field
                            + "'; expected users, groups");
                }
            }
        }
        Set<String> users = acl == null ? Set.of() : JsonBodies.stringSet(acl, "users", NAME, 1_000);
        Set<String> groups = acl == null ? Set.of() : JsonBodies.stringSet(acl, "groups", NAME, 1_000);
        return new Upload(request(JsonBodies.optionalString(body, "id", 128),
                JsonBodies.optionalString(body, "title", MAX_TITLE), JsonBodies.optionalString(body, "source", 1_000),
                JsonBodies.stringSet(body, "tags", TAG, 64), users, groups, content.getBytes(StandardCharsets.UTF_8),
                format, caller), JsonBodies.optionalBoolean(body, "async", false));
    }

    private Future<Upload> fromMultipart(RoutingContext ctx, Principal caller) {
        List<FileUpload> files = ctx.fileUploads();
        if (files.size() != 1) {
            return Future.failedFuture(ApiException.badRequest("file", "Send exactly one file in the form field "
                    + "'file' (got " + files.size() + ")"));
        }
        FileUpload file = files.get(0);
        MultiMap form = ctx.request().formAttributes();
        DocumentFormat format = DocumentFormat.ofMediaType(file.contentType())
                .or(() -> DocumentFormat.ofFileName(file.fileName()))
                .orElseThrow(() -> new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "The file '" + file.fileName()
                        + "' is not plain text, Markdown, HTML or PDF", Map.of("field", "file")));
        return vertx.fileSystem().readFile(file.uploadedFileName()).map(content -> new Upload(request(
                form.get("id"), first(form.get("title"), file.fileName()), form.get("source"),
                list(form.get("tags"), "tags", TAG), list(form.get("users"), "users", NAME),
                list(form.get("groups"), "groups", NAME), content.getBytes(), format, caller),
                bool(form.get("async"))));
    }

    private Upload fromRaw(RoutingContext ctx, Principal caller, String media) {
        MultiMap query = ctx.queryParams();
        DocumentFormat format = DocumentFormat.ofMediaType(media).orElseThrow();
        byte[] content = ctx.body() == null || ctx.body().buffer() == null ? new byte[0]
                : ctx.body().buffer().getBytes();
        return new Upload(request(query.get("id"), query.get("title"), query.get("source"),
                list(query.get("tags"), "tags", TAG), list(query.get("users"), "users", NAME),
                list(query.get("groups"), "groups", NAME), content, format, caller), bool(query.get("async")));
    }

    /** An ingest request from its fields, checked (400 naming the field), the id derived when none is given. */
    public static IngestRequest request(String id, String title, String source, Set<String> tags, Set<String> users,
                                        Set<String> groups, byte[] content, DocumentFormat format, Principal caller) {
        if (title != null && title.length() > MAX_TITLE) {
            throw ApiException.badRequest("title", "'title' is longer than " + MAX_TITLE + " characters");
        }
        try {
            return new IngestRequest(id == null || id.isBlank() ? null : id, title, source, tags, users, groups,
                    content, format, caller);
        } catch (RuntimeException e) {
            throw (RuntimeException) RagFailures.translate(e);
        }
    }

    private static String first(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static boolean bool(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw ApiException.badRequest("async", "'async' must be true or false");
    }

    /** A comma-separated list whose items each match {@code pattern}. */
    private static Set<String> list(String value, String field, Pattern pattern) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        Set<String> items = new LinkedHashSet<>();
        for (String item : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            if (!pattern.matcher(item).matches()) {
                throw ApiException.badRequest(field, "'" + field + "' has an invalid entry: " + item);
            }
            items.add(item);
        }
        return items;
    }

    private static String mediaType(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    private void list(RoutingContext ctx) {
        Principal caller = AuthenticationHandler.principal(ctx);
        int limit = QueryParams.integer(ctx, "limit", 100, 1, 1_000);
        int offset = QueryParams.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        String tag = ctx.queryParams().get("tag");
        vertx.executeBlocking(() -> rag.store().list(record -> readable(caller, record)
                && (tag == null || record.meta().tags().contains(tag)), offset, limit), false)
                .onSuccess(page -> {
                    JsonArray items = new JsonArray();
                    page.documents().forEach(record -> items.add(document(record)));
                    Responses.json(ctx, 200, new JsonObject().put("documents", items).put("total", page.total())
                            .put("offset", offset).put("limit", limit));
                })
                .onFailure(ctx::fail);
    }

    private boolean readable(Principal caller, DocumentRecord record) {
        return readable(governance, caller, record);
    }

    /** Whether the caller may read the document (its tenant, ACL and the policies), over REST and MCP alike. */
    public static boolean readable(Governance governance, Principal caller, DocumentRecord record) {
        return governance.documentAccess(caller, "rag.documents.read", record.docId(), record.meta().acl())
                .allowed();
    }

    private void get(RoutingContext ctx) {
        Principal caller = AuthenticationHandler.principal(ctx);
        String id = ctx.pathParam("id");
        vertx.executeBlocking(() -> rag.store().get(id).filter(record -> readable(caller, record)), false)
                .onSuccess(found -> found.ifPresentOrElse(record -> Responses.json(ctx, 200, document(record)),
                        () -> ctx.fail(ApiException.notFound("No document " + id))))
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        Principal caller = AuthenticationHandler.principal(ctx);
        String id = ctx.pathParam("id");
        vertx.executeBlocking(() -> rag.delete(caller, id), false)
                .onSuccess(deleted -> {
                    if (deleted) {
                        ctx.response().setStatusCode(204).end();
                    } else {
                        ctx.fail(ApiException.notFound("No document " + id));
                    }
                })
                .onFailure(ctx::fail);
    }

    private void job(RoutingContext ctx) {
        Principal caller = AuthenticationHandler.principal(ctx);
        String id = ctx.pathParam("id");
        boolean admin = governance.hasRole(caller, "admin");
        vertx.executeBlocking(() -> rag.jobs().get(id)
                        .filter(job -> admin || (job.owner().equals(caller.id()) && job.tenant().equals(caller.tenant()))),
                        false)
                .onSuccess(found -> found.ifPresentOrElse(job -> Responses.json(ctx, 200, job(job)),
                        () -> ctx.fail(ApiException.notFound("No ingest job " + id))))
                .onFailure(ctx::fail);
    }

    public static JsonObject result(IngestResult result) {
        return new JsonObject().put("id", result.docId())
                .put("outcome", result.outcome().name().toLowerCase(Locale.ROOT))
                .put("title", result.title()).put("chunks", result.chunks()).put("revision", result.revision());
    }

    static JsonObject job(IngestJob job) {
        JsonObject json = new JsonObject().put("id", job.id())
                .put("state", job.state().name().toLowerCase(Locale.ROOT))
                .put("embeddedChunks", job.embedded()).put("totalChunks", job.total())
                .put("progress", job.total() == 0 ? (job.finished() ? 1.0 : 0.0) : (double) job.embedded() / job.total())
                .put("createdAt", job.createdAt().toString()).put("updatedAt", job.updatedAt().toString());
        if (job.result() != null) {
            json.put("document", result(job.result()));
        }
        if (job.errorCode() != null) {
            json.put("error", new JsonObject().put("code", job.errorCode()).put("message", job.errorMessage()));
        }
        return json;
    }

    public static JsonObject document(DocumentRecord record) {
        return new JsonObject().put("id", record.docId()).put("title", record.meta().title())
                .put("source", record.meta().source())
                .put("tags", new JsonArray(record.meta().tags().stream().sorted().toList()))
                .put("acl", new JsonObject().put("tenant", record.meta().acl().tenant())
                        .put("users", new JsonArray(record.meta().acl().users().stream().sorted().toList()))
                        .put("groups", new JsonArray(record.meta().acl().groups().stream().sorted().toList())))
                .put("format", record.format()).put("sizeBytes", record.sizeBytes())
                .put("textLength", record.textLength()).put("chunks", record.chunkCount())
                .put("revision", record.revision()).put("owner", record.owner())
                .put("createdAt", record.createdAt().toString()).put("updatedAt", record.updatedAt().toString());
    }
}
