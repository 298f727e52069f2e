package io.lalo.rag.search;

import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.grid.JavaForm;
import io.lalo.pii.PiiDetector;
import io.lalo.pii.PiiType;
import io.lalo.rag.embed.EmbeddingPool;
import io.lalo.rag.index.Bm25;
import io.lalo.rag.index.NodeQuery;
import io.lalo.rag.index.NodeResult;
import io.lalo.rag.index.TextAnalyzer;
import io.lalo.rag.store.DocumentStore;
import io.lalo.rag.store.StoredChunk;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteAtomicLong;
import org.apache.ignite.cluster.ClusterGroup;

/**
 * Search over the grid's documents, run from the caller's node: embed the query, send it to every data node
 * (each searches the partitions it is primary for, applying access control itself), merge what comes back —
 * vector hits by cosine, BM25 candidates rescored with statistics summed over all nodes — fuse the two lists by
 * reciprocal rank for hybrid search, then read the winning passages and mark the query's words in them.
 * Blocking: call it from a worker thread.
 */
public final class RagSearch {

    /** Reciprocal-rank fusion constant (Cormack et al.): flattens the head so neither list dominates. */
    static final int RRF_K = 60;
    /** Candidates each node returns per list: deep enough for fusion and rescoring to be stable. */
    static final int MIN_DEPTH = 100;
    public static final String ACTION = "rag.search";
    private static final String GENERATION = "lalo_rag_generation";
    /** Answers are not cached this soon after a document change, while nodes may still be indexing it. */
    private static final long SETTLE_MILLIS = 2_500;

    private final Ignite ignite;
    private final DocumentStore store;
    private final EmbeddingPool embeddings;
    private final TextAnalyzer analyzer;
    private final Governance governance;
    private final Bm25 bm25;
    private final SearchCache cache;
    private final IgniteAtomicLong generation;
    private final Clock clock;

    public RagSearch(Ignite ignite, DocumentStore store, EmbeddingPool embeddings, TextAnalyzer analyzer,
                     Governance governance, Bm25 bm25, int cacheEntries, Duration cacheTtl, Clock clock) {
        this.ignite = ignite;
        this.store = store;
        this.embeddings = embeddings;
        this.analyzer = analyzer;
        this.governance = governance;
        this.bm25 = bm25;
        this.cache = cacheEntries > 0 ? new SearchCache(cacheEntries, cacheTtl, clock) : null;
        this.generation = ignite.atomicLong(GENERATION, 0, true);
        this.clock = clock;
    }

    /** Marks that documents changed: cached answers from before are no longer used. */
    public void documentsChanged() {
        long now = clock.millis();
        long current;
        do {
            current = generation.get();
        } while (!generation.compareAndSet(current, Math.max(now, current + 1)));
    }

    public SearchResponse search(Principal principal, SearchRequest request) {
        return search(principal, request, Set.of());
    }

    /**
     * Searches as {@code principal}, with the kinds of PII in {@code redact} replaced in the returned passages
     * (highlights then refer to the redacted text; offsets still to the stored document).
     */
    public SearchResponse search(Principal principal, SearchRequest request, Set<PiiType> redact) {
        if (cache == null) {
            return searchGrid(principal, request, redact);
        }
        long changedAt = generation.get();
        // PolicySet has identity equality: a new policy version is a new object, hence a new key.
        List<Object> key = List.of(principal, request, governance.policies().current(), changedAt, redact);
        var cached = cache.get(key);
        if (cached.isPresent()) {
            return cached.get().asCached();
        }
        SearchResponse response = searchGrid(principal, request, redact);
        if (clock.millis() - changedAt > SETTLE_MILLIS) {
            cache.put(key, response);
        }
        return response;
    }

    private SearchResponse searchGrid(Principal principal, SearchRequest request, Set<PiiType> redact) {
        SearchMode mode = request.mode();
        List<String> terms = mode.usesWords() ? analyzer.queryTerms(request.query()) : List.of();
        float[] vector = mode.usesVectors() ? embeddings.embedOne(request.query()).join() : null;
        int depth = Math.max(MIN_DEPTH, request.k() * 3);
        NodeQuery query = new NodeQuery(terms, vector, depth, depth, request.filter(), bm25);
        ClusterGroup dataNodes = ignite.cluster().forDataNodes(DocumentStore.CHUNKS);
        Collection<byte[]> answers = ignite.compute(dataNodes)
                .broadcast(new RagSearchTask(new NodeRequest(query, principal, ACTION)));
        List<NodeResult> results = new ArrayList<>();
        for (byte[] answer : answers) {
            results.add(JavaForm.decode(answer, NodeResult.class, RagSearchTask.TYPES)
                    .orElseThrow(() -> new IllegalStateException("a node sent an unreadable search answer")));
        }
        Map<String, Ranked> ranked = new LinkedHashMap<>();
        List<Ranked> vectorList = vectorList(results, ranked);
        List<Ranked> wordList = terms.isEmpty() ? List.of() : wordList(results, terms.size(), ranked);
        List<Ranked> order = switch (mode) {
            case VECTOR -> vectorList;
            case BM25 -> wordList;
            case HYBRID -> fuse(vectorList, wordList);
        };
        long searched = results.stream().mapToLong(NodeResult::visibleChunks).sum();
        Set<String> marked = Set.copyOf(terms.isEmpty() ? analyzer.queryTerms(request.query()) : terms);
        return new SearchResponse(hits(principal, request, order, marked, redact), mode, false, searched,
                results.size());
    }

    private static List<Ranked> vectorList(List<NodeResult> results, Map<String, Ranked> ranked) {
        List<Ranked> list = new ArrayList<>();
        for (NodeResult result : results) {
            for (NodeResult.VectorHit hit : result.vectorHits()) {
                Ranked entry = ranked.computeIfAbsent(hit.chunkId(), id -> new Ranked(id, hit.docId()));
                if (entry.vectorScore == null) {
                    entry.vectorScore = hit.score();
                    list.add(entry);
                }
            }
        }
        list.sort(Comparator.comparingDouble((Ranked r) -> r.vectorScore).reversed()
                .thenComparing(r -> r.chunkId));
        return list;
    }

    /** BM25 candidates rescored with grid-wide statistics, so the ranking does not depend on data placement. */
    private List<Ranked> wordList(List<NodeResult> results, int terms, Map<String, Ranked> ranked) {
        long chunks = 0;
        double length = 0;
        long[] frequencies = new long[terms];
        for (NodeResult result : results) {
            chunks += result.visibleChunks();
            length += result.visibleLength();
            for (int t = 0; t < terms; t++) {
                frequencies[t] += result.documentFrequencies()[t];
            }
        }
        double average = chunks == 0 ? 1 : length / chunks;
        double[] idf = new double[terms];
        for (int t = 0; t < terms; t++) {
            idf[t] = Bm25.idf(frequencies[t], Math.max(chunks, frequencies[t]));
        }
        List<Ranked> list = new ArrayList<>();
        for (NodeResult result : results) {
            for (NodeResult.TextCandidate candidate : result.textCandidates()) {
                Ranked entry = ranked.computeIfAbsent(candidate.chunkId(), id -> new Ranked(id, candidate.docId()));
                if (entry.bm25Score != null) {
                    continue;
                }
                double score = 0;
                for (int t = 0; t < terms; t++) {
                    score += bm25.termScore(idf[t], candidate.frequencies()[t], candidate.length(), average);
                }
                entry.bm25Score = score;
                list.add(entry);
            }
        }
        list.sort(Comparator.comparingDouble((Ranked r) -> r.bm25Score).reversed().thenComparing(r -> r.chunkId));
        return list;
    }

    static List<Ranked> fuse(List<Ranked> vectorList, List<Ranked> wordList) {
        Map<String, Ranked> fused = new LinkedHashMap<>();
        for (List<Ranked> list : List.of(vectorList, wordList)) {
            for (int rank = 0; rank < list.size(); rank++) {
                Ranked entry = list.get(rank);
                entry.fused += 1.0 / (RRF_K + rank + 1);
                fused.putIfAbsent(entry.chunkId, entry);
            }
        }
        List<Ranked> order = new ArrayList<>(fused.values());
        order.sort(Comparator.comparingDouble((Ranked r) -> r.fused).reversed().thenComparing(r -> r.chunkId));
        return order;
    }

    private List<SearchHit> hits(Principal principal, SearchRequest request, List<Ranked> order, Set<String> terms,
                                 Set<PiiType> redact) {
        List<Ranked> chosen = new ArrayList<>();
        Map<String, Integer> perDocument = new HashMap<>();
        for (Ranked entry : order) {
            if (chosen.size() == request.k()) {
                break;
            }
            int seen = perDocument.merge(entry.docId, 1, Integer::sum);
            if (request.maxPerDocument() == 0 || seen <= request.maxPerDocument()) {
                chosen.add(entry);
            }
        }
        Set<String> ids = new HashSet<>();
        chosen.forEach(entry -> ids.add(entry.chunkId));
        Map<String, StoredChunk> passages = store.chunks(ids);
        List<SearchHit> hits = new ArrayList<>();
        for (Ranked entry : chosen) {
            StoredChunk chunk = passages.get(entry.chunkId);
            // Read again, so a document deleted or re-permissioned since the nodes answered is not shown.
            if (chunk == null || !governance.documentAccess(principal, ACTION, chunk.document().docId(),
                    chunk.document().acl()).allowed()) {
                continue;
            }
            double score = switch (request.mode()) {
                case VECTOR -> entry.vectorScore;
                case BM25 -> entry.bm25Score;
                case HYBRID -> entry.fused;
            };
            String text = redact.isEmpty() ? chunk.text() : PiiDetector.redact(chunk.text(), redact);
            hits.add(new SearchHit(entry.chunkId, entry.docId, chunk.document().title(), chunk.document().source(),
                    chunk.section(), chunk.start(), chunk.end(), text, score, entry.vectorScore,
                    entry.bm25Score, highlights(text, terms)));
        }
        return hits;
    }

    private List<SearchHit.Span> highlights(String text, Set<String> terms) {
        if (terms.isEmpty()) {
            return List.of();
        }
        List<SearchHit.Span> spans = new ArrayList<>();
        for (TextAnalyzer.Term term : analyzer.terms(text)) {
            if (terms.contains(term.term())) {
                spans.add(new SearchHit.Span(term.start(), term.end()));
            }
        }
        return spans;
    }

    /** Hits and misses of the result cache (zeros when it is off). */
    public long cacheHits() {
        return cache == null ? 0 : cache.hits();
    }

    public long cacheMisses() {
        return cache == null ? 0 : cache.misses();
    }

    /** A candidate on its way through merging and fusion. */
    static final class Ranked {
        final String chunkId;
        final String docId;
        Float vectorScore;
        Double bm25Score;
        double fused;

        Ranked(String chunkId, String docId) {
            this.chunkId = chunkId;
            this.docId = docId;
        }
    }
}
