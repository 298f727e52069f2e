package io.lalo.workflow;

import io.lalo.json.JsonRecords;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * Node results in the grid ({@code lalo_wf_node_results}), each entry expiring with its node's TTL, so every
 * engine of the cluster reuses what one computed. Stored as JSON, like all workflow data.
 */
final class GridNodeResultCache implements NodeResultCache {

    static final String CACHE = "lalo_wf_node_results";

    private final IgniteCache<String, String> results;

    GridNodeResultCache(Ignite ignite) {
        this.results = ignite.getOrCreateCache(new CacheConfiguration<String, String>(CACHE)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC).setBackups(0));
    }

    @Override
    public Optional<Map<String, Object>> get(String key) {
        String json = results.get(key);
        return json == null ? Optional.empty() : Optional.of(JsonRecords.readMap(json));
    }

    @Override
    public void put(String key, Map<String, Object> writes, Duration ttl) {
        results.withExpiryPolicy(new CreatedExpiryPolicy(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS,
                ttl.toMillis()))).put(key, JsonRecords.write(writes));
    }
}
