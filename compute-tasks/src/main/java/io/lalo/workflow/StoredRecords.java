package io.lalo.workflow;

import io.lalo.json.JsonRecords;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.transactions.Transaction;
import org.apache.ignite.transactions.TransactionConcurrency;
import org.apache.ignite.transactions.TransactionIsolation;

/**
 * Read-modify-write of a record kept as a JSON object in a transactional cache (thread and run records): the
 * change sees the current fields under the key's lock and returns the new ones — stamped with
 * {@code updatedAt} — or null to leave the record as it is.
 */
final class StoredRecords {

    private StoredRecords() {
    }

    /** The record as it is afterwards; empty when there is no record under {@code key}. */
    static <K> Optional<Map<String, Object>> update(Ignite ignite, IgniteCache<K, String> cache, K key,
                                                    UnaryOperator<Map<String, Object>> change, Clock clock) {
        try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                TransactionIsolation.REPEATABLE_READ)) {
            String stored = cache.get(key);
            if (stored == null) {
                tx.commit();
                return Optional.empty();
            }
            Map<String, Object> updated = change.apply(JsonRecords.readMap(stored));
            if (updated != null) {
                updated.put("updatedAt", clock.instant().toString());
                cache.put(key, JsonRecords.write(updated));
            }
            tx.commit();
            return Optional.of(updated != null ? updated : JsonRecords.readMap(stored));
        }
    }
}
