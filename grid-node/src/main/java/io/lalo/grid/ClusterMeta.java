package io.lalo.grid;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * Small cluster-wide facts that must be decided once for the whole cluster — "the demo data was loaded", "the
 * bootstrap admin key was created" — kept in a replicated, transactional, persistent cache so that a claim made
 * with {@code putIfAbsent} holds across nodes and restarts.
 */
public final class ClusterMeta {

    public static final String CACHE = "lalo_meta";

    private ClusterMeta() {
    }

    public static IgniteCache<String, String> cache(Ignite ignite) {
        return ignite.getOrCreateCache(new CacheConfiguration<String, String>(CACHE)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.TRANSACTIONAL)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC));
    }
}
