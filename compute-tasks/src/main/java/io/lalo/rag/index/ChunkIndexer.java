package io.lalo.rag.index;

import io.lalo.lifecycle.DaemonThreads;
import io.lalo.rag.store.ChunkKeys;
import io.lalo.rag.store.DocumentStore;
import io.lalo.rag.store.StoredChunk;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cache.affinity.AffinityKey;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a server node's {@link LocalChunkIndex} equal to the chunks in the node's primary partitions. Changes
 * arrive through a local continuous query (this node's primary updates, after commit); a reconciliation pass
 * every second compares, partition by partition, the index with the cache and rebuilds any partition that
 * differs — which is how the index follows rebalancing when nodes join or leave, builds itself at start, and
 * heals anything an event could not deliver. All index writes happen on one thread.
 */
public final class ChunkIndexer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkIndexer.class);
    static final long RECONCILE_MILLIS = 1_000;

    private final Ignite ignite;
    private final IgniteCache<AffinityKey<String>, byte[]> chunks;
    private final Affinity<Object> affinity;
    private final ClusterNode local;
    private final TextAnalyzer analyzer;
    private final LocalChunkIndex index;
    private final ScheduledExecutorService writer;
    private final Set<Integer> indexedPartitions = new HashSet<>();
    private volatile boolean[] primary;
    private QueryCursor<?> changes;

    public ChunkIndexer(Ignite ignite, DocumentStore store, TextAnalyzer analyzer, int dimensions) {
        this.ignite = ignite;
        this.chunks = store.chunkCache();
        this.affinity = ignite.affinity(DocumentStore.CHUNKS);
        this.local = ignite.cluster().localNode();
        this.analyzer = analyzer;
        this.index = new LocalChunkIndex(dimensions, affinity.partitions());
        this.primary = new boolean[affinity.partitions()];
        this.writer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lalo-rag-indexer"));
    }

    /** Starts following changes and builds the index from what this node holds (in the background). */
    public void start() {
        ContinuousQuery<AffinityKey<String>, byte[]> query = new ContinuousQuery<>();
        query.setLocal(true);
        query.setLocalListener(events -> {
            for (CacheEntryEvent<? extends AffinityKey<String>, ? extends byte[]> event : events) {
                EventType type = event.getEventType();
                Object key = event.getKey();
                byte[] value = type == EventType.REMOVED || type == EventType.EXPIRED ? null : event.getValue();
                writer.execute(() -> apply(key, value));
            }
        });
        changes = chunks.query(query);
        writer.scheduleWithFixedDelay(this::reconcileQuietly, 0, RECONCILE_MILLIS, TimeUnit.MILLISECONDS);
    }

    public LocalChunkIndex index() {
        return index;
    }

    /** Which partitions this node answers for, as of the last reconciliation. */
    public boolean[] primaryPartitions() {
        return primary;
    }

    private void apply(Object key, byte[] value) {
        try {
            String id = ChunkKeys.idOf(key);
            if (value == null) {
                index.remove(id);
                return;
            }
            int partition = affinity.partition(key);
            if (!affinity.isPrimary(local, key)) {
                return;
            }
            DocumentStore.decodeChunk(value).ifPresent(chunk -> index.upsert(indexed(chunk, partition)));
        } catch (RuntimeException e) {
            LOG.warn("A chunk change could not be indexed; the next reconciliation repairs it: {}", e.toString());
        }
    }

    private IndexedChunk indexed(StoredChunk chunk, int partition) {
        var body = analyzer.frequencies(chunk.text());
        int length = body.values().stream().mapToInt(Integer::intValue).sum();
        return new IndexedChunk(chunk.id(), partition, chunk.revision(), chunk.document(), body,
                analyzer.frequencies(chunk.document().title()), length, chunk.vector());
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            if (!ignite.cluster().state().active()) {
                return;
            }
            LOG.warn("RAG index reconciliation failed; retrying in {} ms: {}", RECONCILE_MILLIS, e.toString());
        }
    }

    private void reconcile() {
        boolean[] next = new boolean[affinity.partitions()];
        for (int partition : affinity.primaryPartitions(local)) {
            next[partition] = true;
        }
        for (int partition = 0; partition < next.length; partition++) {
            if (!next[partition] && indexedPartitions.remove(partition)) {
                index.removePartition(partition);
            }
        }
        for (int partition = 0; partition < next.length; partition++) {
            if (next[partition]) {
                long stored = chunks.localSizeLong(partition, CachePeekMode.PRIMARY);
                if (stored == 0 && index.partitionCount(partition) == 0) {
                    indexedPartitions.add(partition);
                } else if (stored != index.partitionCount(partition) || !indexedPartitions.contains(partition)) {
                    rebuild(partition);
                }
            }
        }
        primary = next;
        index.compactIfNeeded();
    }

    /** Re-reads a partition; its chunks are analysed and inserted in parallel (graph inserts dominate). */
    private void rebuild(int partition) {
        List<StoredChunk> stored = new ArrayList<>();
        ScanQuery<AffinityKey<String>, byte[]> scan = new ScanQuery<AffinityKey<String>, byte[]>()
                .setPartition(partition).setLocal(true);
        try (QueryCursor<Cache.Entry<AffinityKey<String>, byte[]>> cursor = chunks.query(scan)) {
            for (Cache.Entry<AffinityKey<String>, byte[]> entry : cursor) {
                DocumentStore.decodeChunk(entry.getValue()).ifPresent(stored::add);
            }
        }
        stored.parallelStream().forEach(chunk -> index.upsert(indexed(chunk, partition)));
        Set<String> present = new HashSet<>();
        stored.forEach(chunk -> present.add(chunk.id()));
        index.retainInPartition(partition, present);
        indexedPartitions.add(partition);
    }

    @Override
    public void close() {
        if (changes != null) {
            try {
                changes.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the continuous query", e);
            }
        }
        writer.shutdownNow();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        index.close();
    }
}
