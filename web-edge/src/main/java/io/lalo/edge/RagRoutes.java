package io.lalo.edge;

import io.lalo.edge.auth.AuthenticationHandler;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.lalo.pii.PiiDetector;
import io.lalo.pii.PiiType;
import io.lalo.rag.Rag;
import io.lalo.rag.answer.Answer;
import io.lalo.rag.index.SearchFilter;
import io.lalo.rag.search.SearchHit;
import io.lalo.rag.search.SearchMode;
import io.lalo.rag.search.SearchRequest;
import io.lalo.rag.search.SearchResponse;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Retrieval over HTTP. {@code POST /v1/rag/search {query, k, mode, filters, maxPerDocument}} returns passages with
 * scores, offsets and highlighted words; {@code POST /v1/rag/answer {question, k, mode, filters}} answers from the
 * best passages with citations. Access control happens inside the data nodes; PII redaction, when a policy
 * obliges it, is applied to every text returned. Both run on a worker (embedding, grid round trip).
 */
public final class RagRoutes {

    private static final Set<String> SEARCH_FIELDS = Set.of("query", "k", "mode", "filters", "maxPerDocument");
    private static final Set<String> ANSWER_FIELDS = Set.of("question", "k", "mode", "filters");
    private static final Set<String> FILTER_FIELDS = Set.of("tags", "sources", "documentIds");
    private static final Pattern SOURCE = Pattern.compile("[^\\p{Cntrl}]{1,1000}");

    private final Vertx vertx;
    private final Governance governance;
    private final Rag rag;

    RagRoutes(Vertx vertx, Governance governance, Rag rag) {
        this.vertx = vertx;
        this.governance = governance;
        this.rag = rag;
    }

    void mount(Router router) {
        router.post("/v1/rag/search").handler(PolicyEnforcement.require(governance, "rag.search",
                ctx -> Resource.of("document", "*"))).handler(this::search);
        router.post("/v1/rag/answer").handler(PolicyEnforcement.require(governance, "rag.answer",
                ctx -> Resource.of("document", "*"))).handler(this::answer);
    }

    private void search(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        known(body, SEARCH_FIELDS);
        SearchRequest request = request(body, JsonBodies.requiredString(body, "query", SearchRequest.MAX_QUERY_CHARS),
                10, JsonBodies.optionalInt(body, "maxPerDocument", 0, 0, SearchRequest.MAX_K));
        Principal caller = AuthenticationHandler.principal(ctx);
        Set<PiiType> redact = PolicyEnforcement.decision(ctx).obligations().redactedTypes();
        long start = System.nanoTime();
        vertx.executeBlocking(() -> rag.search().search(caller, request, redact), false)
                .onSuccess(response -> Responses.json(ctx, 200, json(response)
                        .put("tookMs", (System.nanoTime() - start) / 1_000_000)))
                .onFailure(failure -> ctx.fail(RagFailures.translate(failure)));
    }

    private void answer(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        known(body, ANSWER_FIELDS);
        String question = JsonBodies.requiredString(body, "question", SearchRequest.MAX_QUERY_CHARS);
        SearchRequest request = request(body, question, 5, 0);
        Principal caller = AuthenticationHandler.principal(ctx);
        Set<PiiType> redact = PolicyEnforcement.decision(ctx).obligations().redactedTypes();
        vertx.executeBlocking(() -> answer(rag, caller, question, request, redact), false)
                .onSuccess(json -> Responses.json(ctx, 200, json))
                .onFailure(failure -> ctx.fail(RagFailures.translate(failure)));
    }

    /** An answer to {@code question} from the passages the caller may read, with citations (REST and MCP). */
    public static JsonObject answer(Rag rag, Principal caller, String question, SearchRequest request,
                                    Set<PiiType> redact) {
        SearchResponse passages = rag.search().search(caller, request, redact);
        Answer answer = rag.answer(question, passages.hits());
        return new JsonObject()
                .put("answer", redact.isEmpty() ? answer.text() : PiiDetector.redact(answer.text(), redact))
                .put("generated", answer.generated())
                .put("citations", citations(answer, redact))
                .put("passages", hits(passages));
    }

    private static JsonArray citations(Answer answer, Set<PiiType> redact) {
        JsonArray citations = new JsonArray();
        for (Answer.Citation citation : answer.citations()) {
            citations.add(new JsonObject().put("marker", citation.marker()).put("chunkId", citation.chunkId())
                    .put("docId", citation.docId()).put("title", citation.title())
                    .put("start", citation.start()).put("end", citation.end())
                    .put("quote", redact.isEmpty() ? citation.quote() : PiiDetector.redact(citation.quote(), redact)));
        }
        return citations;
    }

    private static void known(JsonObject body, Set<String> fields) {
        for (String field : body.fieldNames()) {
            if (!fields.contains(field)) {
                throw ApiException.badRequest(field, "Unknown field '" + field + "'; expected one of "
                        + String.join(", ", fields.stream().sorted().toList()));
            }
        }
    }

    private static SearchRequest request(JsonObject body, String query, int defaultK, int maxPerDocument) {
        int k = JsonBodies.optionalInt(body, "k", defaultK, 1, SearchRequest.MAX_K);
        String modeName = JsonBodies.optionalString(body, "mode", 16);
        SearchMode mode = modeName == null ? SearchMode.HYBRID : SearchMode.parse(modeName).orElseThrow(() ->
                ApiException.badRequest("mode", "'mode' must be vector, bm25 or hybrid"));
        return new SearchRequest(query, k, mode, filter(JsonBodies.optionalObject(body, "filters")), maxPerDocument);
    }

    private static SearchFilter filter(JsonObject filters) {
        if (filters == null) {
            return SearchFilter.NONE;
        }
        for (String field : filters.fieldNames()) {
            if (!FILTER_FIELDS.contains(field)) {
                throw ApiException.badRequest("filters." + field, "Unknown filter '" + field + "'; filters are "
                        + "tags, sources and documentIds");
            }
        }
        return new SearchFilter(JsonBodies.stringSet(filters, "tags", DocumentRoutes.TAG, 64),
                JsonBodies.stringSet(filters, "sources", SOURCE, 64),
                JsonBodies.stringSet(filters, "documentIds", io.lalo.rag.ingest.IngestRequest.ID, 1_000));
    }

    public static JsonObject json(SearchResponse response) {
        return new JsonObject().put("hits", hits(response))
                .put("mode", response.mode().name().toLowerCase(Locale.ROOT))
                .put("cached", response.cached()).put("searchedChunks", response.searchedChunks())
                .put("nodes", response.nodes());
    }

    private static JsonArray hits(SearchResponse response) {
        JsonArray hits = new JsonArray();
        for (SearchHit hit : response.hits()) {
            JsonArray highlights = new JsonArray();
            hit.highlights().forEach(span -> highlights.add(new JsonArray().add(span.start()).add(span.end())));
            hits.add(new JsonObject().put("chunkId", hit.chunkId()).put("docId", hit.docId())
                    .put("title", hit.title()).put("source", hit.source()).put("section", hit.section())
                    .put("start", hit.start()).put("end", hit.end()).put("text", hit.text())
                    .put("score", hit.score())
                    .put("scores", new JsonObject().put("vector", hit.vectorScore()).put("bm25", hit.bm25Score()))
                    .put("highlights", highlights));
        }
        return hits;
    }
}
