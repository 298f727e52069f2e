package io.lalo.workflow;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Results of nodes with a {@code cache} setting, by a key made of the workflow version, the node, the caller and
 * the input the node saw. The engine keeps them in the grid, so every node of the cluster reuses them.
 */
public interface NodeResultCache {

    NodeResultCache NONE = new NodeResultCache() {
        @Override
        public Optional<Map<String, Object>> get(String key) {
            return Optional.empty();
        }

        @Override
        public void put(String key, Map<String, Object> writes, Duration ttl) {
        }
    };

    Optional<Map<String, Object>> get(String key);

    void put(String key, Map<String, Object> writes, Duration ttl);
}
