package io.lalo.rag.index;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.MapRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The approximate-nearest-neighbour half of a node's index: a JVector graph (HNSW-style, with DiskANN's
 * alpha pruning) over unit vectors, built incrementally — nodes are added and marked deleted as chunks come and
 * go, and deleted nodes are cleaned out of the graph in batches. Inserts may run beside searches.
 */
final class VectorGraph implements AutoCloseable {

    private static final VectorTypeSupport VECTORS = VectorizationProvider.getInstance().getVectorTypeSupport();
    private static final int MAX_DEGREE = 16;
    private static final int BUILD_BEAM = 100;

    private final Map<Integer, VectorFloat<?>> vectors = new ConcurrentHashMap<>();
    private final MapRandomAccessVectorValues values;
    private final GraphIndexBuilder builder;
    private final List<Integer> deletedSinceCleanup = new ArrayList<>();

    VectorGraph(int dimensions) {
        this.values = new MapRandomAccessVectorValues(vectors, dimensions);
        BuildScoreProvider scores = BuildScoreProvider.randomAccessScoreProvider(values,
                VectorSimilarityFunction.DOT_PRODUCT);
        this.builder = new GraphIndexBuilder(scores, dimensions, MAX_DEGREE, BUILD_BEAM, 1.2f, 1.2f, true);
    }

    /** Adds a node; safe to call from several threads at once and beside searches. */
    void add(int ordinal, float[] vector) {
        VectorFloat<?> v = VECTORS.createFloatVector(vector);
        vectors.put(ordinal, v);
        builder.addGraphNode(ordinal, v);
    }

    /** Marks a node deleted; it stops appearing in results at once and leaves the graph at the next cleanup. */
    synchronized void delete(int ordinal) {
        builder.markNodeDeleted(ordinal);
        deletedSinceCleanup.add(ordinal);
    }

    /** Repairs the graph around deleted nodes and forgets their vectors. Single writer only. */
    synchronized void cleanup() {
        if (deletedSinceCleanup.isEmpty()) {
            return;
        }
        builder.cleanup();
        deletedSinceCleanup.forEach(vectors::remove);
        deletedSinceCleanup.clear();
    }

    /**
     * The {@code topK} accepted nodes nearest to {@code query} by dot product; {@code beam} is the search width
     * (wider finds more of the true neighbours at more cost).
     */
    List<Scored> search(float[] query, int topK, int beam, Bits accept) {
        if (vectors.isEmpty()) {
            return List.of();
        }
        VectorFloat<?> q = VECTORS.createFloatVector(query);
        DefaultSearchScoreProvider scores = DefaultSearchScoreProvider.exact(q, VectorSimilarityFunction.DOT_PRODUCT,
                values);
        try (GraphSearcher searcher = new GraphSearcher(builder.getGraph())) {
            SearchResult result = searcher.search(scores, topK, Math.max(beam, topK), 0f, 0f, accept);
            List<Scored> hits = new ArrayList<>(result.getNodes().length);
            for (SearchResult.NodeScore node : result.getNodes()) {
                VectorFloat<?> v = vectors.get(node.node);
                if (v != null) {
                    hits.add(new Scored(node.node, dot(query, v)));
                }
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The exact score of an accepted node, for searches too narrow for the graph; NaN when it has no vector. */
    float score(float[] query, int ordinal) {
        VectorFloat<?> v = vectors.get(ordinal);
        return v == null ? Float.NaN : dot(query, v);
    }

    static float dot(float[] a, VectorFloat<?> b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b.get(i);
        }
        return sum;
    }

    long ramBytesUsed() {
        return builder.ramBytesUsed() + (long) vectors.size() * (values.dimension() * 4L + 64);
    }

    @Override
    public void close() {
        try {
            builder.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An ordinal and its score. */
    record Scored(int ordinal, float score) {
    }
}
