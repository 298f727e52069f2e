package io.lalo.grid;

import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * Reading all of a small replicated cache (API keys, policies). The scan runs on the node that is primary for
 * partition 0 — locally when that is this node. Any other node may not hold the data yet: a server node outside
 * the baseline (just joined, before auto-adjust) holds none, and a node that just joined an in-memory cluster is
 * still receiving it (its partitions are MOVING) — Ignite's local scan there silently finds nothing or part. A
 * primary, by contrast, owns its data: with late affinity assignment a node becomes primary only once its
 * rebalancing is done. Client nodes hold no data and take the remote path too.
 */
public final class ReplicatedCaches {

    private ReplicatedCaches() {
    }

    /** Every value of the cache. */
    public static <V> List<V> values(Ignite ignite, String cacheName) {
        return scan(ignite, cacheName, false);
    }

    /** Every key of the cache. */
    public static <K> List<K> keys(Ignite ignite, String cacheName) {
        return scan(ignite, cacheName, true);
    }

    private static <T> List<T> scan(Ignite ignite, String cacheName, boolean keys) {
        Affinity<Object> affinity = ignite.affinity(cacheName);
        ClusterNode local = ignite.cluster().localNode();
        ClusterNode owner = affinity.mapPartitionToNode(0);
        if (owner == null || owner.id().equals(local.id())) {
            return new LocalScan<T>(cacheName, keys, ignite).call();
        }
        return ignite.compute(ignite.cluster().forNode(owner)).call(new LocalScan<T>(cacheName, keys, null));
    }

    /** Reads every key or every value of a cache on the node it runs on. */
    private static final class LocalScan<T> implements IgniteCallable<List<T>> {
        private static final long serialVersionUID = 1L;

        private final String cacheName;
        private final boolean keys;

        /** Injected by Ignite where the task runs remotely; given directly for a local run. */
        @IgniteInstanceResource
        private transient Ignite local;

        LocalScan(String cacheName, boolean keys, Ignite local) {
            this.cacheName = cacheName;
            this.keys = keys;
            this.local = local;
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<T> call() {
            List<T> found = new ArrayList<>();
            IgniteCache<Object, Object> cache = local.cache(cacheName);
            try (QueryCursor<Cache.Entry<Object, Object>> cursor = cache.query(
                    new ScanQuery<Object, Object>().setLocal(true))) {
                cursor.forEach(entry -> found.add((T) (keys ? entry.getKey() : entry.getValue())));
            }
            return found;
        }
    }
}
