package io.lalo.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.affinity.AffinityKey;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.transactions.Transaction;
import org.apache.ignite.transactions.TransactionConcurrency;
import org.apache.ignite.transactions.TransactionIsolation;

/**
 * Background runs as any edge can see them: a record per run (status pending, running, success, error,
 * interrupted; a cancel request), kept beside its thread (affinity by thread id), as JSON.
 */
public final class RunStore {

    public static final String CACHE = "lalo_wf_runs";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private final Ignite ignite;
    private final IgniteCache<AffinityKey<String>, String> runs;
    private final Clock clock;

    public RunStore(Ignite ignite, int backups, Clock clock) {
        this.ignite = ignite;
        this.clock = clock;
        this.runs = ignite.getOrCreateCache(new CacheConfiguration<AffinityKey<String>, String>(CACHE)
                .setAtomicityMode(CacheAtomicityMode.TRANSACTIONAL).setBackups(backups));
    }

    private static AffinityKey<String> key(String threadId, String runId) {
        return new AffinityKey<>(runId, threadId);
    }

    public Map<String, Object> create(String threadId, String runId, Map<String, Object> fields) {
        Map<String, Object> run = new LinkedHashMap<>(fields);
        run.put("runId", runId);
        run.put("threadId", threadId);
        run.put("status", "pending");
        run.put("createdAt", clock.instant().toString());
        run.put("updatedAt", run.get("createdAt"));
        runs.put(key(threadId, runId), write(run));
        return run;
    }

    public Optional<Map<String, Object>> get(String threadId, String runId) {
        return Optional.ofNullable(runs.get(key(threadId, runId))).map(RunStore::read);
    }

    /** Changes a run's record in one transaction ({@code change} returns the new fields, or null for none). */
    public Optional<Map<String, Object>> update(String threadId, String runId, UnaryOperator<Map<String, Object>> change) {
        try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                TransactionIsolation.REPEATABLE_READ)) {
            String stored = runs.get(key(threadId, runId));
            if (stored == null) {
                tx.commit();
                return Optional.empty();
            }
            Map<String, Object> updated = change.apply(read(stored));
            if (updated != null) {
                updated.put("updatedAt", clock.instant().toString());
                runs.put(key(threadId, runId), write(updated));
            }
            tx.commit();
            return Optional.of(updated != null ? updated : read(stored));
        }
    }

    /** Whether the run's caller asked to cancel it (read at each step, from any edge). */
    public boolean cancelRequested(String threadId, String runId) {
        return get(threadId, runId).map(run -> Boolean.TRUE.equals(run.get("cancelRequested"))).orElse(false);
    }

    private static String write(Map<String, Object> run) {
        try {
            return JSON.writeValueAsString(run);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("run values are not plain data: " + e.getOriginalMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable run: " + e.getOriginalMessage());
        }
    }
}
