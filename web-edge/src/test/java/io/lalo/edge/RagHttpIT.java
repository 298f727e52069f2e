package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lalo.rag.store.DocumentStore;
import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Documents and retrieval over real HTTP: every upload form, search modes, ACLs, redaction, and the bad paths. */
class RagHttpIT {

    @TempDir
    static Path dir;

    static TestEdge lalo;
    static Http admin;
    static Http ann;
    static Http otto;
    static Http reda;

    @BeforeAll
    static void start() throws Exception {
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0,
                Map.of("rag.maxDocumentBytes", "64k", "rag.asyncThresholdBytes", "16k")));
        admin = lalo.admin();
        ann = lalo.clientAs("ann", "analyst", Map.of("groups", "eng"));
        otto = lalo.clientAs("otto", "analyst", Map.of("groups", "ops"));
        reda = lalo.clientAs("reda", "viewer", Map.of());
        lalo.policy(new JsonObject().put("id", "reda-sees-no-pii").put("effect", "allow")
                .put("actions", new JsonArray(List.of("rag.search", "rag.answer")))
                .put("condition", "principal.id == 'reda'")
                .put("obligations", new JsonObject().put("redactPii", true)));
    }

    @AfterAll
    static void stop() throws Exception {
        lalo.close();
    }

    private static HttpResponse<Buffer> postJson(Http client, String path, JsonObject body) {
        return client.send(HttpMethod.POST, path, "application/json", body.toBuffer());
    }

    private static JsonObject search(Http client, JsonObject request) {
        HttpResponse<Buffer> response = postJson(client, "/v1/rag/search", request);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return Http.json(response);
    }

    private static List<String> docIds(JsonObject response) {
        return response.getJsonArray("hits").stream().map(hit -> ((JsonObject) hit).getString("docId")).toList();
    }

    private static void awaitFound(Http client, String query, String docId) {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                docIds(search(client, new JsonObject().put("query", query))).contains(docId));
    }

    @Test
    void jsonDocument_isIngested_found_andIdempotent() {
        JsonObject doc = new JsonObject().put("id", "kb-backup").put("title", "Backup guide")
                .put("tags", new JsonArray(List.of("ops"))).put("source", "wiki")
                .put("text", "Nightly backups run at two in the morning. Snapshots are kept for seven days.");
        HttpResponse<Buffer> created = postJson(ann, "/v1/documents", doc);
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        assertThat(Http.json(created).getString("outcome")).isEqualTo("created");
        assertThat(Http.json(created).getInteger("chunks")).isPositive();
        HttpResponse<Buffer> again = postJson(ann, "/v1/documents", doc);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Http.json(again).getString("outcome")).isEqualTo("unchanged");

        awaitFound(ann, "how long are snapshots kept", "kb-backup");
        for (String mode : List.of("vector", "bm25", "hybrid")) {
            JsonObject response = search(ann, new JsonObject().put("query", "backup snapshots seven days")
                    .put("mode", mode).put("k", 3));
            assertThat(response.getString("mode")).isEqualTo(mode);
            JsonObject hit = response.getJsonArray("hits").getJsonObject(0);
            assertThat(hit.getString("docId")).isEqualTo("kb-backup");
            assertThat(hit.getString("title")).isEqualTo("Backup guide");
            assertThat(hit.getString("text")).contains("seven days");
            assertThat(hit.getInteger("end")).isGreaterThan(hit.getInteger("start"));
            JsonArray span = hit.getJsonArray("highlights").getJsonArray(0);
            assertThat(hit.getString("text").substring(span.getInteger(0), span.getInteger(1)).toLowerCase())
                    .isIn("backups", "snapshots", "seven", "days");
        }
        JsonObject stored = Http.json(ann.get("/v1/documents/kb-backup"));
        assertThat(stored.getString("title")).isEqualTo("Backup guide");
        assertThat(stored.getJsonArray("tags")).containsExactly("ops");
        assertThat(stored.getJsonObject("acl").getString("tenant")).isEqualTo("default");
    }

    @Test
    void pdfUpload_andRawMarkdown_areIngested() throws IOException {
        MultipartForm form = MultipartForm.create().attribute("title", "Travel policy").attribute("tags", "hr,travel")
                .binaryFileUpload("file", "travel.pdf", Buffer.buffer(pdf("Economy class is booked for flights "
                        + "under six hours.")), "application/pdf");
        HttpResponse<Buffer> pdf = ann.sendForm("/v1/documents", form);
        assertThat(pdf.statusCode()).as(pdf.bodyAsString()).isEqualTo(201);
        String pdfId = Http.json(pdf).getString("id");
        assertThat(pdfId).startsWith("doc-");

        HttpResponse<Buffer> markdown = ann.send(HttpMethod.POST, "/v1/documents?id=kb-coffee&source=handbook",
                "text/markdown", Buffer.buffer("# Coffee corner\n\nThe **espresso** machine is descaled on Fridays."));
        assertThat(markdown.statusCode()).as(markdown.bodyAsString()).isEqualTo(201);
        assertThat(Http.json(markdown).getString("title")).isEqualTo("Coffee corner");

        awaitFound(ann, "economy flights under six hours", pdfId);
        awaitFound(ann, "when is the espresso machine descaled", "kb-coffee");
        JsonObject filtered = search(ann, new JsonObject().put("query", "espresso flights")
                .put("filters", new JsonObject().put("tags", new JsonArray(List.of("travel")))));
        assertThat(docIds(filtered)).containsOnly(pdfId);
    }

    @Test
    void largeDocument_becomesAJob_withProgress() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 20_000; i++) {
            text.append("Paragraph ").append(i).append(" explains rule ").append(i).append(" of the archive.\n\n");
        }
        text.append("The archive password rotates every full moon.");
        HttpResponse<Buffer> accepted = ann.send(HttpMethod.POST, "/v1/documents?id=kb-archive&title=Archive",
                "text/plain", Buffer.buffer(text.toString()));
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        String location = accepted.getHeader("Location");
        assertThat(location).startsWith("/v1/documents/jobs/job-");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Http.json(ann.get(location)).getString("state").equals("succeeded"));
        JsonObject job = Http.json(ann.get(location));
        assertThat(job.getDouble("progress")).isEqualTo(1.0);
        assertThat(job.getJsonObject("document").getString("id")).isEqualTo("kb-archive");
        assertThat(otto.get(location).statusCode()).isEqualTo(404);
        awaitFound(ann, "when does the archive password rotate", "kb-archive");
    }

    @Test
    void acl_hidesDocuments_everywhere() {
        JsonObject secret = new JsonObject().put("id", "kb-eng-only").put("title", "Eng secrets")
                .put("acl", new JsonObject().put("groups", new JsonArray(List.of("eng"))))
                .put("text", "The staging cluster root password is kept in the vault under eng.");
        assertThat(postJson(ann, "/v1/documents", secret).statusCode()).isEqualTo(201);
        awaitFound(ann, "staging cluster root password vault", "kb-eng-only");
        assertThat(docIds(search(otto, new JsonObject().put("query", "staging cluster root password vault"))))
                .doesNotContain("kb-eng-only");
        assertThat(otto.get("/v1/documents/kb-eng-only").statusCode()).isEqualTo(404);
        assertThat(Http.json(otto.get("/v1/documents")).getJsonArray("documents").stream()
                .map(d -> ((JsonObject) d).getString("id"))).doesNotContain("kb-eng-only");
        assertThat(otto.send(HttpMethod.DELETE, "/v1/documents/kb-eng-only", null, Buffer.buffer()).statusCode())
                .isEqualTo(404);
        assertThat(ann.get("/v1/documents/kb-eng-only").statusCode()).isEqualTo(200);
    }

    @Test
    void delete_removesFromSearch() {
        JsonObject doc = new JsonObject().put("id", "kb-temp").put("text", "Temporary note about the purple elephant.");
        assertThat(postJson(ann, "/v1/documents", doc).statusCode()).isEqualTo(201);
        awaitFound(ann, "purple elephant", "kb-temp");
        assertThat(ann.send(HttpMethod.DELETE, "/v1/documents/kb-temp", null, Buffer.buffer()).statusCode())
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !docIds(search(ann, new JsonObject().put("query", "purple elephant"))).contains("kb-temp"));
        assertThat(ann.get("/v1/documents/kb-temp").statusCode()).isEqualTo(404);
    }

    @Test
    void answer_quotesPassages_withCitations_andRedactsPii() {
        JsonObject doc = new JsonObject().put("id", "kb-support").put("title", "Support contacts")
                .put("text", "Billing questions go to billing@example.com within office hours. "
                        + "Refunds are processed within five business days.");
        assertThat(postJson(ann, "/v1/documents", doc).statusCode()).isEqualTo(201);
        awaitFound(ann, "where do billing questions go", "kb-support");
        JsonObject answer = Http.json(postJson(ann, "/v1/rag/answer",
                new JsonObject().put("question", "Where do billing questions go?")));
        assertThat(answer.getString("answer")).contains("billing@example.com").contains("[1]");
        JsonObject citation = answer.getJsonArray("citations").getJsonObject(0);
        assertThat(citation.getString("docId")).isEqualTo("kb-support");
        assertThat(citation.getString("quote")).contains("Billing questions");

        JsonObject redacted = Http.json(postJson(reda, "/v1/rag/answer",
                new JsonObject().put("question", "Where do billing questions go?")));
        assertThat(redacted.encode()).doesNotContain("billing@example.com");
        assertThat(redacted.getString("answer")).contains("Billing questions go to");
        JsonObject searched = search(reda, new JsonObject().put("query", "billing questions"));
        assertThat(searched.encode()).doesNotContain("billing@example.com");
    }

    @Test
    void repeatedSearch_isServedFromTheCache_andCounted() {
        JsonObject doc = new JsonObject().put("id", "kb-cache").put("text", "Cached answers about the lighthouse.");
        assertThat(postJson(ann, "/v1/documents", doc).statusCode()).isEqualTo(201);
        awaitFound(ann, "lighthouse", "kb-cache");
        JsonObject query = new JsonObject().put("query", "lighthouse answers");
        await().atMost(Duration.ofSeconds(15)).until(() -> search(ann, query).getBoolean("cached"));
        Map<String, Double> metrics = PrometheusText.parse(admin.get("/metrics").bodyAsString());
        assertThat(metrics.get("lalo_rag_result_cache_lookups_total{result=\"hit\"}")).isGreaterThanOrEqualTo(1.0);
        assertThat(metrics.get("lalo_rag_result_cache_hit_ratio")).isPositive();
        assertThat(metrics.get("lalo_rag_index_chunks")).isPositive();
    }

    @Test
    void badInput_getsClear4xx_andWritesNothing() {
        long chunks = lalo.node().ignite().cache(DocumentStore.CHUNKS).sizeLong();
        assertError(postJson(ann, "/v1/documents", new JsonObject().put("text", " ")), 400, "BAD_REQUEST");
        assertError(postJson(ann, "/v1/documents", new JsonObject().put("text", "x").put("colour", "red")), 400,
                "BAD_REQUEST");
        assertError(postJson(ann, "/v1/documents", new JsonObject().put("text", "x").put("id", "a#b")), 400,
                "INVALID_ID");
        assertError(postJson(ann, "/v1/documents", new JsonObject().put("text", "x").put("format", "docx")), 400,
                "BAD_REQUEST");
        assertError(ann.send(HttpMethod.POST, "/v1/documents", "text/plain",
                Buffer.buffer(new byte[] {'c', 'a', 'f', (byte) 0xE9})), 400, "INVALID_UTF8");
        assertError(ann.send(HttpMethod.POST, "/v1/documents", "application/pdf",
                Buffer.buffer("%PDF-1.7 this is not a pdf".getBytes(StandardCharsets.US_ASCII))), 400,
                "CORRUPT_DOCUMENT");
        assertError(ann.send(HttpMethod.POST, "/v1/documents", "text/plain", Buffer.buffer()), 400,
                "EMPTY_DOCUMENT");
        assertError(ann.send(HttpMethod.POST, "/v1/documents", "image/png", Buffer.buffer(new byte[] {1, 2})), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        byte[] huge = new byte[80 * 1024];
        Arrays.fill(huge, (byte) 'a');
        assertError(ann.send(HttpMethod.POST, "/v1/documents", "text/plain", Buffer.buffer(huge)), 413,
                "PAYLOAD_TOO_LARGE");
        assertError(ann.sendForm("/v1/documents", MultipartForm.create().attribute("title", "no file")), 400,
                "BAD_REQUEST");
        assertError(ann.sendForm("/v1/documents", MultipartForm.create().binaryFileUpload("file", "a.exe",
                Buffer.buffer("MZ"), "application/octet-stream")), 415, "UNSUPPORTED_MEDIA_TYPE");

        for (JsonObject bad : List.of(new JsonObject(), new JsonObject().put("query", ""),
                new JsonObject().put("query", "q").put("k", 0), new JsonObject().put("query", "q").put("k", 101),
                new JsonObject().put("query", "q").put("k", "ten"), new JsonObject().put("query", "q").put("mode", "fuzzy"),
                new JsonObject().put("query", "q").put("filters", new JsonObject().put("colour", List.of("red"))),
                new JsonObject().put("query", "q").put("filters", new JsonObject().put("tags", "ops")),
                new JsonObject().put("query", "q").put("limit", 3))) {
            assertError(postJson(ann, "/v1/rag/search", bad), 400, "BAD_REQUEST");
        }
        assertError(ann.send(HttpMethod.POST, "/v1/rag/search", "application/json", Buffer.buffer("{not json")),
                400, "BAD_REQUEST");
        assertError(ann.get("/v1/documents/nope"), 404, "NOT_FOUND");
        assertError(ann.get("/v1/documents/jobs/job-nope"), 404, "NOT_FOUND");
        assertError(ann.get("/v1/documents?limit=0"), 400, "BAD_REQUEST");
        assertThat(lalo.node().ignite().cache(DocumentStore.CHUNKS).sizeLong()).isEqualTo(chunks);
    }

    @Test
    void everyRoute_needsCredentials_andViewersCannotIngest() {
        try (Http anonymous = new Http(lalo.port(), null)) {
            assertThat(postJson(anonymous, "/v1/rag/search", new JsonObject().put("query", "q")).statusCode())
                    .isEqualTo(401);
            assertThat(anonymous.get("/v1/documents").statusCode()).isEqualTo(401);
        }
        assertError(postJson(reda, "/v1/documents", new JsonObject().put("text", "viewer text")), 403, "FORBIDDEN");
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(Http.json(response).getJsonObject("error").getString("code")).isEqualTo(code);
    }

    static byte[] pdf(String line) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                content.newLineAtOffset(72, 700);
                content.showText(line);
                content.endText();
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}
