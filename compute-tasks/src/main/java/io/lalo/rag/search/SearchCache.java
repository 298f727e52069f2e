package io.lalo.rag.search;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Recent search answers on this edge, so frequent queries skip embedding and the grid round trip. A key names
 * everything an answer depends on — the caller (id, tenant, roles, attributes), the request, the policy set in
 * force, and the grid-wide document generation — so a change to any of them is a miss, never a stale answer.
 * Least recently used answers go first; entries also expire after a TTL.
 */
final class SearchCache {

    private final int capacity;
    private final Duration ttl;
    private final Clock clock;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LinkedHashMap<Object, Entry> entries;

    SearchCache(int capacity, Duration ttl, Clock clock) {
        this.capacity = capacity;
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Entry> eldest) {
                return size() > SearchCache.this.capacity;
            }
        };
    }

    Optional<SearchResponse> get(Object key) {
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry != null && clock.millis() < entry.expiresAt()) {
                hits.increment();
                return Optional.of(entry.response());
            }
            if (entry != null) {
                entries.remove(key);
            }
        }
        misses.increment();
        return Optional.empty();
    }

    void put(Object key, SearchResponse response) {
        synchronized (entries) {
            entries.put(key, new Entry(response, clock.millis() + ttl.toMillis()));
        }
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    private record Entry(SearchResponse response, long expiresAt) {
    }
}
