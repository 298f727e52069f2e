package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lalo.rag.store.DocumentStore;
import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RAG with the optional OpenAI-compatible endpoints configured: embeddings and answers come from a stand-in that
 * speaks the real protocol over HTTP (a bag-of-words embedding; a chat model that quotes passage 1 and cites it).
 * When the endpoints fail, ingest is refused whole (503, nothing written) and answers fall back to extraction.
 */
class RagEndpointsIT {

    @TempDir
    static Path dir;

    static final String KEY = "stand-in-key-42";
    static final int DIMENSIONS = 64;
    static Vertx vertx;
    static HttpServer server;
    static TestEdge lalo;
    static Http ann;
    static final AtomicBoolean down = new AtomicBoolean();
    static final List<String> authorizations = new CopyOnWriteArrayList<>();
    static final List<JsonObject> chats = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = Http.await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            authorizations.add(String.valueOf(request.getHeader("Authorization")));
            if (down.get()) {
                request.response().setStatusCode(502).end();
                return;
            }
            JsonObject json = body.toJsonObject();
            JsonObject answer = request.path().endsWith("/embeddings") ? embeddings(json) : chat(json);
            request.response().putHeader("Content-Type", "application/json").end(answer.encode());
        })).listen(0, "127.0.0.1"));
        String base = "http://127.0.0.1:" + server.actualPort() + "/v1";
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0, Map.of(
                "rag.embedding.url", base + "/embeddings", "rag.embedding.model", "bag-of-words",
                "rag.embedding.apiKey", KEY, "rag.embedding.dimensions", Integer.toString(DIMENSIONS),
                "rag.generation.url", base + "/chat/completions", "rag.generation.model", "quoter",
                "rag.generation.apiKey", KEY, "rag.generation.timeout", "5s")));
        ann = lalo.clientAs("ann", "analyst", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (lalo != null) {
            lalo.close();
        }
        if (vertx != null) {
            Http.await(vertx.close());
        }
    }

    /** A bag-of-words vector: each lower-cased word adds 1 to a hashed dimension. */
    private static JsonObject embeddings(JsonObject request) {
        JsonArray data = new JsonArray();
        JsonArray input = request.getJsonArray("input");
        for (int i = 0; i < input.size(); i++) {
            double[] vector = new double[DIMENSIONS];
            for (String word : input.getString(i).toLowerCase().split("\\W+")) {
                if (!word.isEmpty()) {
                    vector[Math.floorMod(word.hashCode(), DIMENSIONS)] += 1;
                }
            }
            JsonArray values = new JsonArray();
            for (double v : vector) {
                values.add(v);
            }
            data.add(new JsonObject().put("object", "embedding").put("index", i).put("embedding", values));
        }
        return new JsonObject().put("object", "list").put("data", data).put("model", request.getString("model"));
    }

    /** Quotes the first sentence of passage [1] and cites it. */
    private static JsonObject chat(JsonObject request) {
        chats.add(request);
        JsonArray messages = request.getJsonArray("messages");
        String prompt = messages.getJsonObject(messages.size() - 1).getString("content");
        String passage = prompt.substring(prompt.indexOf("[1] ") + 4);
        String sentence = passage.substring(0, passage.indexOf('.') + 1);
        return new JsonObject().put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                .put("message", new JsonObject().put("role", "assistant").put("content",
                        "According to the handbook: " + sentence + " [1]"))));
    }

    private static HttpResponse<Buffer> post(String path, JsonObject body) {
        return ann.send(HttpMethod.POST, path, "application/json", body.toBuffer());
    }

    @Test
    void endpointEmbeddings_andGeneratedAnswers_withCitations() {
        HttpResponse<Buffer> created = post("/v1/documents", new JsonObject().put("id", "kb-heating")
                .put("title", "Heating").put("text", "The boiler restarts every Monday at six. Radiators are bled "
                        + "in October."));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> Http.json(post("/v1/rag/search",
                new JsonObject().put("query", "boiler restarts monday").put("mode", "vector")))
                .getJsonArray("hits").stream().anyMatch(h -> ((JsonObject) h).getString("docId").equals("kb-heating")));
        assertThat(authorizations).allMatch(header -> header.equals("Bearer " + KEY));

        JsonObject answer = Http.json(post("/v1/rag/answer", new JsonObject().put("question",
                "When does the boiler restart?")));
        assertThat(answer.getBoolean("generated")).isTrue();
        assertThat(answer.getString("answer")).contains("boiler restarts every Monday").endsWith("[1]");
        assertThat(answer.getJsonArray("citations").getJsonObject(0).getString("docId")).isEqualTo("kb-heating");
        JsonObject lastChat = chats.get(chats.size() - 1);
        assertThat(lastChat.getString("model")).isEqualTo("quoter");
        assertThat(lastChat.encode()).contains("When does the boiler restart?").contains("[1] Heating:");
    }

    @Test
    void endpointsDown_refuseIngestWhole_andAnswersFallBackToQuotes() {
        HttpResponse<Buffer> seeded = post("/v1/documents", new JsonObject().put("id", "kb-garden")
                .put("text", "The garden hose is stored in the shed."));
        assertThat(seeded.statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> Http.json(post("/v1/rag/search",
                new JsonObject().put("query", "garden hose shed").put("mode", "bm25"))).getJsonArray("hits").size() > 0);
        long chunks = lalo.node().ignite().cache(DocumentStore.CHUNKS).sizeLong();
        down.set(true);
        try {
            HttpResponse<Buffer> refused = post("/v1/documents", new JsonObject().put("id", "kb-down")
                    .put("text", "This cannot be embedded now."));
            assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
            assertThat(Http.json(refused).getJsonObject("error").getString("code")).isEqualTo("UPSTREAM_UNAVAILABLE");
            assertThat(refused.getHeader("Retry-After")).isNotNull();
            assertThat(lalo.node().ignite().cache(DocumentStore.CHUNKS).sizeLong()).isEqualTo(chunks);
            assertThat(ann.get("/v1/documents/kb-down").statusCode()).isEqualTo(404);

            JsonObject answer = Http.json(post("/v1/rag/answer", new JsonObject().put("question",
                    "Where is the garden hose?").put("mode", "bm25")));
            assertThat(answer.getBoolean("generated")).isFalse();
            assertThat(answer.getString("answer")).contains("garden hose is stored in the shed").contains("[1]");
            assertThat(answer.encode()).doesNotContain(KEY);
        } finally {
            down.set(false);
        }
    }
}
