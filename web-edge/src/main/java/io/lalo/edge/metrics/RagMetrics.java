package io.lalo.edge.metrics;

import io.lalo.rag.Rag;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * RAG meters of this process: search-cache lookups by outcome and the hit ratio, the embedding queue, and the
 * chunks this node's index holds. Read lazily and safely before the component has started (zeros).
 */
public final class RagMetrics {

    private RagMetrics() {
    }

    public static void bind(MeterRegistry registry, Rag rag) {
        FunctionCounter.builder("lalo.rag.result.cache.lookups", rag, safely(r -> r.search().cacheHits()))
                .description("Search answers served from the result cache").tag("result", "hit").register(registry);
        FunctionCounter.builder("lalo.rag.result.cache.lookups", rag, safely(r -> r.search().cacheMisses()))
                .description("Searches that went to the grid").tag("result", "miss").register(registry);
        Gauge.builder("lalo.rag.result.cache.hit.ratio", rag, safely(r -> {
            double hits = r.search().cacheHits();
            double all = hits + r.search().cacheMisses();
            return all == 0 ? 0 : hits / all;
        })).description("Share of searches answered from the result cache since start").register(registry);
        Gauge.builder("lalo.rag.embedding.queue", rag, safely(r -> r.embeddings().queued()))
                .description("Embedding batches waiting for a thread").register(registry);
        Gauge.builder("lalo.rag.index.chunks", rag, safely(r -> r.indexer().map(i -> i.index().size()).orElse(0)))
                .description("Chunks in this node's search index").register(registry);
    }

    private static ToDoubleFunction<Rag> safely(ToDoubleFunction<Rag> value) {
        return rag -> {
            try {
                return value.applyAsDouble(rag);
            } catch (IllegalStateException notStarted) {
                return 0;
            }
        };
    }
}
