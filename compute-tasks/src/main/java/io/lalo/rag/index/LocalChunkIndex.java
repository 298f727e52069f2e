package io.lalo.rag.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * One node's search index over the chunks in its primary partitions: a {@link VectorGraph} for semantic search
 * and BM25 postings for words, side by side on the same ordinals.
 *
 * <p>BM25 is LALO's own rather than Lucene's (Ignite's text index or a Lucene directory per node) for three
 * reasons. Exact access control: the statistics (document frequencies, passage count, average length) are
 * computed per query over only what the caller may read, so a hidden document cannot shift a score — Lucene's
 * statistics are index-wide. Partition ownership: entries carry their partition, so the index follows
 * rebalancing and the caller can rescore candidates with statistics summed over nodes, giving one node's ranking
 * on any number of nodes. And the classpath: Ignite 2.17 pins Lucene 8, so a current Lucene cannot sit beside it.
 * Lucene's English analysis is still used ({@link TextAnalyzer}).
 *
 * <p>Searches run concurrently under a read lock. Writes take the write lock only for bookkeeping; the graph
 * insert, the expensive part, runs outside it, so several chunks may be inserted at once (the indexer does when it
 * rebuilds a partition) — but two writes of the same chunk id must not overlap. Ordinals are never reused: a
 * deleted chunk's slot stays dead until the postings are compacted.
 */
public final class LocalChunkIndex implements AutoCloseable {

    /** Below this many accepted chunks, vector search scans them exactly instead of walking the graph. */
    static final int EXACT_SCAN_LIMIT = 4_000;
    private static final int HIDDEN = 1;
    private static final int READABLE = 2;
    private static final int ACCEPTED = 3;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final VectorGraph graph;
    private final int[] partitionCounts;
    private final Map<String, Integer> ordinals = new HashMap<>();
    private final Map<String, DocumentMeta> documents = new HashMap<>();
    private final Map<String, Postings> postings = new HashMap<>();
    private final BitSet live = new BitSet();
    private int size;
    private int dead;
    private String[] ids = new String[1024];
    private String[] versions = new String[1024];
    private int[] partitions = new int[1024];
    private DocumentMeta[] metas = new DocumentMeta[1024];
    private float[] bodyLengths = new float[1024];
    private float[] titleLengths = new float[1024];
    /** Each distinct document metadata instance gets a number, so a query decides visibility once per number. */
    private final Map<DocumentMeta, Integer> metaNumbers = new IdentityHashMap<>();
    private int[] metaNumberOf = new int[1024];

    public LocalChunkIndex(int dimensions, int partitionCount) {
        this.graph = new VectorGraph(dimensions);
        this.partitionCounts = new int[partitionCount];
    }

    /** Adds or replaces a chunk; a chunk already indexed at the same version is left alone. */
    public void upsert(IndexedChunk chunk) {
        int ordinal;
        lock.writeLock().lock();
        try {
            Integer existing = ordinals.get(chunk.id());
            if (existing != null && chunk.version().equals(versions[existing])) {
                return;
            }
            if (existing != null) {
                removeLocked(existing);
            }
            ordinal = allocate(chunk);
        } finally {
            lock.writeLock().unlock();
        }
        graph.add(ordinal, chunk.vector());
        lock.writeLock().lock();
        try {
            live.set(ordinal);
            ordinals.put(chunk.id(), ordinal);
            partitionCounts[chunk.partition()]++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private int allocate(IndexedChunk chunk) {
        int ordinal = size++;
        if (ordinal == ids.length) {
            int grown = ids.length * 2;
            ids = Arrays.copyOf(ids, grown);
            versions = Arrays.copyOf(versions, grown);
            partitions = Arrays.copyOf(partitions, grown);
            metas = Arrays.copyOf(metas, grown);
            bodyLengths = Arrays.copyOf(bodyLengths, grown);
            titleLengths = Arrays.copyOf(titleLengths, grown);
            metaNumberOf = Arrays.copyOf(metaNumberOf, grown);
        }
        DocumentMeta shared = documents.merge(chunk.document().docId(), chunk.document(),
                (old, now) -> old.equals(now) ? old : now);
        ids[ordinal] = chunk.id();
        versions[ordinal] = chunk.version();
        partitions[ordinal] = chunk.partition();
        metas[ordinal] = shared;
        metaNumberOf[ordinal] = metaNumbers.computeIfAbsent(shared, m -> metaNumbers.size());
        bodyLengths[ordinal] = chunk.bodyLength();
        titleLengths[ordinal] = chunk.titleTerms().values().stream().mapToInt(Integer::intValue).sum();
        Map<String, float[]> frequencies = new HashMap<>();
        chunk.bodyTerms().forEach((term, count) -> frequencies.computeIfAbsent(term, t -> new float[2])[0] = count);
        chunk.titleTerms().forEach((term, count) -> frequencies.computeIfAbsent(term, t -> new float[2])[1] = count);
        frequencies.forEach((term, tf) -> postings.computeIfAbsent(term, t -> new Postings()).add(ordinal, tf[0], tf[1]));
        return ordinal;
    }

    /** Removes a chunk if present. Single writer. */
    public void remove(String chunkId) {
        lock.writeLock().lock();
        try {
            Integer ordinal = ordinals.get(chunkId);
            if (ordinal != null) {
                removeLocked(ordinal);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void removeLocked(int ordinal) {
        if (!live.get(ordinal)) {
            return;
        }
        live.clear(ordinal);
        ordinals.remove(ids[ordinal]);
        partitionCounts[partitions[ordinal]]--;
        dead++;
        graph.delete(ordinal);
    }

    /** Removes every chunk of a partition (it moved to another node). Single writer. */
    public void removePartition(int partition) {
        lock.writeLock().lock();
        try {
            for (int ordinal = live.nextSetBit(0); ordinal >= 0; ordinal = live.nextSetBit(ordinal + 1)) {
                if (partitions[ordinal] == partition) {
                    removeLocked(ordinal);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes the chunks of a partition whose ids are not in {@code present}. Single writer. */
    public void retainInPartition(int partition, java.util.Set<String> present) {
        lock.writeLock().lock();
        try {
            for (int ordinal = live.nextSetBit(0); ordinal >= 0; ordinal = live.nextSetBit(ordinal + 1)) {
                if (partitions[ordinal] == partition && !present.contains(ids[ordinal])) {
                    removeLocked(ordinal);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Chunks indexed for a partition. */
    public int partitionCount(int partition) {
        lock.readLock().lock();
        try {
            return partitionCounts[partition];
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Live chunks. */
    public int size() {
        lock.readLock().lock();
        try {
            return live.cardinality();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Repairs the graph and drops dead postings once enough chunks were deleted. Single writer; searches wait
     * only for the postings rewrite.
     */
    public void compactIfNeeded() {
        if (dead < Math.max(1_000, size / 5)) {
            return;
        }
        graph.cleanup();
        lock.writeLock().lock();
        try {
            postings.values().removeIf(list -> list.retain(live) == 0);
            documents.keySet().retainAll(liveDocuments());
            metaNumbers.clear();
            for (int ordinal = live.nextSetBit(0); ordinal >= 0; ordinal = live.nextSetBit(ordinal + 1)) {
                metaNumberOf[ordinal] = metaNumbers.computeIfAbsent(metas[ordinal], m -> metaNumbers.size());
            }
            dead = 0;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private java.util.Set<String> liveDocuments() {
        java.util.Set<String> docs = new java.util.HashSet<>();
        for (int ordinal = live.nextSetBit(0); ordinal >= 0; ordinal = live.nextSetBit(ordinal + 1)) {
            docs.add(metas[ordinal].docId());
        }
        return docs;
    }

    /**
     * Searches what this node owns ({@code primary[partition]}) and the caller may read ({@code visible}).
     * Statistics cover every readable chunk; candidates are further narrowed by the query's filter.
     */
    public NodeResult search(NodeQuery query, Predicate<DocumentMeta> visible, boolean[] primary) {
        lock.readLock().lock();
        try {
            int count = size;
            BitSet readable = new BitSet(count);
            BitSet accepted = new BitSet(count);
            byte[] decisions = new byte[metaNumbers.size()];
            long visibleChunks = 0;
            double visibleLength = 0;
            float titleWeight = query.bm25().titleWeight();
            for (int ordinal = live.nextSetBit(0); ordinal >= 0; ordinal = live.nextSetBit(ordinal + 1)) {
                if (!primary[partitions[ordinal]]) {
                    continue;
                }
                int number = metaNumberOf[ordinal];
                int decision = decisions[number];
                if (decision == 0) {
                    DocumentMeta meta = metas[ordinal];
                    decision = !visible.test(meta) ? HIDDEN : query.filter().matches(meta) ? ACCEPTED : READABLE;
                    decisions[number] = (byte) decision;
                }
                decision--;
                if (decision > 0) {
                    readable.set(ordinal);
                    visibleChunks++;
                    visibleLength += bodyLengths[ordinal] + titleWeight * titleLengths[ordinal];
                    if (decision == 2) {
                        accepted.set(ordinal);
                    }
                }
            }
            long[] frequencies = new long[query.terms().size()];
            List<NodeResult.TextCandidate> text = query.terms().isEmpty() ? List.of()
                    : textCandidates(query, readable, accepted, frequencies, visibleChunks, visibleLength);
            List<NodeResult.VectorHit> vector = query.vector() == null ? List.of() : vectorHits(query, accepted);
            return new NodeResult(vector, text, visibleChunks, visibleLength, frequencies);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * BM25 over the postings of the query terms: one pass counts readable document frequencies, a second
     * accumulates scores of accepted chunks in a dense per-thread array (no boxing), a bounded heap keeps the best
     * {@code depth}, and only those get their per-term frequencies (by binary search: postings are in ordinal order)
     * for the caller's rescoring.
     */
    private List<NodeResult.TextCandidate> textCandidates(NodeQuery query, BitSet readable, BitSet accepted,
                                                         long[] documentFrequencies, long chunks, double length) {
        int terms = query.terms().size();
        float titleWeight = query.bm25().titleWeight();
        Postings[] lists = new Postings[terms];
        for (int t = 0; t < terms; t++) {
            lists[t] = postings.get(query.terms().get(t));
            if (lists[t] != null) {
                for (int i = 0; i < lists[t].size; i++) {
                    if (readable.get(lists[t].ordinals[i])) {
                        documentFrequencies[t]++;
                    }
                }
            }
        }
        double average = chunks == 0 ? 1 : length / chunks;
        float[] scores = Scratch.scores(size);
        Scratch.Ints touched = Scratch.touched();
        try {
            for (int t = 0; t < terms; t++) {
                Postings list = lists[t];
                if (list == null) {
                    continue;
                }
                double idf = Bm25.idf(documentFrequencies[t], Math.max(chunks, documentFrequencies[t]));
                for (int i = 0; i < list.size; i++) {
                    int ordinal = list.ordinals[i];
                    if (!accepted.get(ordinal)) {
                        continue;
                    }
                    if (scores[ordinal] == 0) {
                        touched.add(ordinal);
                    }
                    float weightedLength = bodyLengths[ordinal] + titleWeight * titleLengths[ordinal];
                    scores[ordinal] += (float) query.bm25().termScore(idf, list.body[i] + titleWeight * list.title[i],
                            weightedLength, average);
                }
            }
            int[] best = Scratch.top(touched, scores, query.depth());
            List<NodeResult.TextCandidate> out = new ArrayList<>(best.length);
            for (int ordinal : best) {
                float[] frequencies = new float[terms];
                for (int t = 0; t < terms; t++) {
                    Postings list = lists[t];
                    int at = list == null ? -1 : Arrays.binarySearch(list.ordinals, 0, list.size, ordinal);
                    if (at >= 0) {
                        frequencies[t] = list.body[at] + titleWeight * list.title[at];
                    }
                }
                out.add(new NodeResult.TextCandidate(ids[ordinal], metas[ordinal].docId(), frequencies,
                        bodyLengths[ordinal] + titleWeight * titleLengths[ordinal]));
            }
            return out;
        } finally {
            for (int i = 0; i < touched.size; i++) {
                scores[touched.values[i]] = 0;
            }
            touched.size = 0;
        }
    }

    private List<NodeResult.VectorHit> vectorHits(NodeQuery query, BitSet accepted) {
        int acceptedCount = accepted.cardinality();
        if (acceptedCount == 0) {
            return List.of();
        }
        List<VectorGraph.Scored> scored;
        if (acceptedCount <= EXACT_SCAN_LIMIT || acceptedCount < live.cardinality() / 10) {
            PriorityQueue<VectorGraph.Scored> best = new PriorityQueue<>(Comparator.comparingDouble(
                    VectorGraph.Scored::score));
            for (int ordinal = accepted.nextSetBit(0); ordinal >= 0; ordinal = accepted.nextSetBit(ordinal + 1)) {
                float score = graph.score(query.vector(), ordinal);
                if (!Float.isNaN(score)) {
                    best.add(new VectorGraph.Scored(ordinal, score));
                    if (best.size() > query.depth()) {
                        best.poll();
                    }
                }
            }
            scored = new ArrayList<>(best);
            scored.sort(Comparator.comparingDouble(VectorGraph.Scored::score).reversed());
        } else {
            scored = graph.search(query.vector(), query.depth(), query.beam(), accepted::get);
        }
        List<NodeResult.VectorHit> hits = new ArrayList<>(scored.size());
        for (VectorGraph.Scored hit : scored) {
            if (accepted.get(hit.ordinal())) {
                hits.add(new NodeResult.VectorHit(ids[hit.ordinal()], metas[hit.ordinal()].docId(), hit.score()));
            }
        }
        return hits;
    }

    /** Approximate heap held by this index (graph, vectors, postings, slots). */
    public long ramBytesUsed() {
        lock.readLock().lock();
        try {
            long postingBytes = 0;
            for (Postings list : postings.values()) {
                postingBytes += 64 + list.ordinals.length * 12L;
            }
            return graph.ramBytesUsed() + postingBytes + (long) ids.length * 80;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        graph.close();
    }

    /** One term's postings: ordinals with body and title frequencies, in insertion order. */
    private static final class Postings {
        int[] ordinals = new int[4];
        float[] body = new float[4];
        float[] title = new float[4];
        int size;

        void add(int ordinal, float bodyCount, float titleCount) {
            if (size == ordinals.length) {
                ordinals = Arrays.copyOf(ordinals, size * 2);
                body = Arrays.copyOf(body, size * 2);
                title = Arrays.copyOf(title, size * 2);
            }
            ordinals[size] = ordinal;
            body[size] = bodyCount;
            title[size] = titleCount;
            size++;
        }

        /** Keeps only live ordinals; returns how many remain. */
        int retain(BitSet live) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (live.get(ordinals[i])) {
                    ordinals[kept] = ordinals[i];
                    body[kept] = body[i];
                    title[kept] = title[i];
                    kept++;
                }
            }
            size = kept;
            return kept;
        }
    }
}
