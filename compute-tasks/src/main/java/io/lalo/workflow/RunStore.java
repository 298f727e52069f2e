package io.lalo.workflow;

import io.lalo.json.JsonRecords;
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

/**
 * Background runs as any edge can see them: a record per run (status pending, running, success, error,
 * interrupted; a cancel request), kept beside its thread (affinity by thread id), as JSON.
 */
public final class RunStore {

    public static final String CACHE = "lalo_wf_runs";
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
        run.putIfAbsent("status", "pending");
        run.put("createdAt", clock.instant().toString());
        run.put("updatedAt", run.get("createdAt"));
        runs.put(key(threadId, runId), JsonRecords.write(run));
        return run;
    }

    public Optional<Map<String, Object>> get(String threadId, String runId) {
        return Optional.ofNullable(runs.get(key(threadId, runId))).map(JsonRecords::readMap);
    }

    /** Changes a run's record in one transaction ({@code change} returns the new fields, or null for none). */
    public Optional<Map<String, Object>> update(String threadId, String runId,
                                                UnaryOperator<Map<String, Object>> change) {
        return StoredRecords.update(ignite, runs, key(threadId, runId), change, clock);
    }

    public void remove(String threadId, String runId) {
        runs.remove(key(threadId, runId));
    }

    /** Whether the run's caller asked to cancel it (read at each step, from any edge). */
    public boolean cancelRequested(String threadId, String runId) {
        return get(threadId, runId).map(run -> Boolean.TRUE.equals(run.get("cancelRequested"))).orElse(false);
    }
}
