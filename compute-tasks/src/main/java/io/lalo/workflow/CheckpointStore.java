package io.lalo.workflow;

import io.lalo.json.JsonRecords;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.affinity.AffinityKey;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.transactions.Transaction;
import org.apache.ignite.transactions.TransactionConcurrency;
import org.apache.ignite.transactions.TransactionIsolation;

/**
 * Checkpoints of workflow threads in the grid, one per super-step, written with the thread's record in one
 * transaction; both caches use the thread id as affinity key, so a thread's history lives in one partition.
 *
 * <p>Storage grows linearly with steps, not quadratically as savers that store the whole state at every step do
 * once an append channel grows: a checkpoint stores only what its step changed — for an append channel the items
 * appended, for any other channel its new value. Every {@value #SNAPSHOT_EVERY} steps a snapshot repeats the
 * other channels' values, so a read replays at most that many of their changes; append channels are never
 * repeated (a snapshot of a growing list would bring the quadratic growth back), their items are collected from
 * the deltas — reading them costs what they are. Stored form is JSON (plain data): nothing read back can make the
 * engine load a class.
 */
public final class CheckpointStore {

    public static final String THREADS = "lalo_wf_threads";
    public static final String CHECKPOINTS = "lalo_wf_checkpoints";
    public static final String WRITES = "lalo_wf_writes";
    static final int SNAPSHOT_EVERY = 50;


    private final Ignite ignite;
    private final IgniteCache<String, String> threads;
    private final IgniteCache<AffinityKey<String>, String> checkpoints;
    private final IgniteCache<AffinityKey<String>, String> writes;
    private final Clock clock;

    public CheckpointStore(Ignite ignite, int backups, Clock clock) {
        this.ignite = ignite;
        this.clock = clock;
        this.threads = ignite.getOrCreateCache(config(THREADS, backups));
        this.checkpoints = ignite.getOrCreateCache(config(CHECKPOINTS, backups));
        this.writes = ignite.getOrCreateCache(config(WRITES, backups));
    }

    private static <K> CacheConfiguration<K, String> config(String name, int backups) {
        return new CacheConfiguration<K, String>(name).setAtomicityMode(CacheAtomicityMode.TRANSACTIONAL)
                .setBackups(backups).setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC);
    }

    /**
     * What a checkpoint holds: its step, the nodes to run next (and the tasks sent to nodes), the joins' progress,
     * and the step's changes (or a full snapshot).
     */
    public record Checkpoint(String threadId, int step, List<String> next, List<Map<String, Object>> sends,
                             Map<String, List<String>> waiting, Map<String, Object> values, boolean snapshot,
                             String at) {
        public Checkpoint {
            sends = sends == null ? List.of() : sends;
            waiting = waiting == null ? Map.of() : waiting;
        }

        List<Task> tasks() {
            List<Task> tasks = new ArrayList<>();
            next.forEach(node -> tasks.add(Task.of(node)));
            sends.forEach(task -> tasks.add(Task.fromMap(task)));
            return tasks;
        }
    }

    static AffinityKey<String> key(String threadId, int step) {
        return new AffinityKey<>(threadId + "#" + String.format("%09d", step), threadId);
    }

    private static AffinityKey<String> writeKey(String threadId, int step, String taskId) {
        return new AffinityKey<>(threadId + "#" + String.format("%09d", step) + "#" + taskId, threadId);
    }

    /**
     * Commits the writes of one finished task of step {@code step} before the step is complete, so the step, when
     * it is run again after a failure, does not run the task again.
     */
    public void saveTaskWrites(String threadId, int step, String taskId, Map<String, Object> taskWrites) {
        writes.put(writeKey(threadId, step, taskId), JsonRecords.write(taskWrites));
    }

    /** The writes committed for tasks of step {@code step} (task id → writes). */
    public Map<String, Map<String, Object>> taskWrites(String threadId, int step, List<Task> tasks) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        java.util.Set<AffinityKey<String>> wanted = new java.util.TreeSet<>(java.util.Comparator.comparing(
                AffinityKey::key));
        tasks.forEach(task -> wanted.add(writeKey(threadId, step, task.id())));
        Map<AffinityKey<String>, String> stored = writes.getAll(wanted);
        for (Task task : tasks) {
            String json = stored.get(writeKey(threadId, step, task.id()));
            if (json != null) {
                out.put(task.id(), JsonRecords.readMap(json));
            }
        }
        return out;
    }

    /**
     * Commits step {@code step} of a thread: the changes from {@code before} to {@code after}, what runs next,
     * the joins' progress and the thread's status, in one transaction that also drops the pending writes of the
     * tasks the step ran ({@code ran}).
     */
    public void save(String threadId, String workflowId, int step, Map<String, Object> before,
                     Map<String, Object> after, List<Task> next, Map<String, List<String>> waiting,
                     Map<String, Channel> channels, String status, List<String> ran) {
        saveDelta(threadId, workflowId, step, delta(before, after, channels), after, next, waiting, channels, status,
                ran);
    }

    /**
     * Like {@link #save}, for a caller that has already computed the step's changes ({@link #delta}); the map is
     * taken over (a snapshot adds to it).
     */
    void saveDelta(String threadId, String workflowId, int step, Map<String, Object> values,
                   Map<String, Object> after, List<Task> next, Map<String, List<String>> waiting,
                   Map<String, Channel> channels, String status, List<String> ran) {
        boolean snapshot = step % SNAPSHOT_EVERY == 0;
        if (snapshot) {
            after.forEach((channel, value) -> {
                if (!isAppend(channels.get(channel))) {
                    values.put(channel, value);
                }
            });
        }
        List<String> plain = next.stream().filter(task -> !task.sent()).map(Task::node).toList();
        List<Map<String, Object>> sends = next.stream().filter(Task::sent).map(Task::toMap).toList();
        Checkpoint checkpoint = new Checkpoint(threadId, step, plain, sends, waiting, values, snapshot,
                clock.instant().toString());
        try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                TransactionIsolation.REPEATABLE_READ)) {
            String stored = threads.get(threadId);
            Map<String, Object> thread = stored == null ? new LinkedHashMap<>() : JsonRecords.readMap(stored);
            thread.put("threadId", threadId);
            thread.put("workflow", workflowId);
            thread.put("status", status);
            thread.put("lastStep", step);
            thread.put("updatedAt", checkpoint.at());
            checkpoints.put(key(threadId, step), JsonRecords.write(checkpoint));
            threads.put(threadId, JsonRecords.write(thread));
            if (ran.size() > 1) {
                java.util.Set<AffinityKey<String>> done = new java.util.TreeSet<>(java.util.Comparator.comparing(
                        AffinityKey::key));
                ran.forEach(task -> done.add(writeKey(threadId, step, task)));
                writes.removeAll(done);
            }
            tx.commit();
        }
    }

    /** Creates a thread record; false when the id exists. */
    public boolean createThread(String threadId, Map<String, Object> fields) {
        Map<String, Object> thread = new LinkedHashMap<>(fields);
        thread.put("threadId", threadId);
        thread.put("status", "idle");
        thread.put("lastStep", -1);
        thread.put("createdAt", clock.instant().toString());
        thread.put("updatedAt", thread.get("createdAt"));
        return threads.putIfAbsent(threadId, JsonRecords.write(thread));
    }

    /**
     * Changes a thread's record in one transaction: {@code change} sees the current fields and returns the new
     * ones, or null to leave the record as it is. Returns the record as it is afterwards, empty when there is no
     * such thread.
     */
    public Optional<Map<String, Object>> updateThread(String threadId, UnaryOperator<Map<String, Object>> change) {
        return StoredRecords.update(ignite, threads, threadId, change, clock);
    }

    /** Summaries of a thread's checkpoints, oldest first: step, next nodes, time. */
    public List<Map<String, Object>> history(String threadId, int lastStep) {
        Map<AffinityKey<String>, String> stored = checkpoints.getAll(keys(threadId, 0, lastStep));
        List<Map<String, Object>> out = new ArrayList<>();
        for (int s = 0; s <= lastStep; s++) {
            String json = stored.get(key(threadId, s));
            if (json != null) {
                Checkpoint checkpoint = JsonRecords.readPlain(json, Checkpoint.class);
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("step", checkpoint.step());
                summary.put("next", checkpoint.tasks().stream().map(Task::node).distinct().toList());
                summary.put("changed", new ArrayList<>(checkpoint.values().keySet()));
                summary.put("at", checkpoint.at());
                out.add(summary);
            }
        }
        return out;
    }

    /** What changed: appended items of append channels, new values of the others. */
    static Map<String, Object> delta(Map<String, Object> before, Map<String, Object> after,
                                     Map<String, Channel> channels) {
        Map<String, Object> delta = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : after.entrySet()) {
            Object old = before.get(entry.getKey());
            if (Objects.equals(old, entry.getValue())) {
                continue;
            }
            boolean append = isAppend(channels.get(entry.getKey()));
            if (append && entry.getValue() instanceof List<?> now && (old == null || old instanceof List<?>)) {
                List<?> previous = old == null ? List.of() : (List<?>) old;
                if (now.size() >= previous.size() && now.subList(0, previous.size()).equals(previous)) {
                    delta.put(entry.getKey(), Map.of("$append", now.subList(previous.size(), now.size())));
                    continue;
                }
            }
            delta.put(entry.getKey(), append ? java.util.Collections.singletonMap("$set", entry.getValue())
                    : entry.getValue());
        }
        return delta;
    }

    private static boolean isAppend(Channel channel) {
        return channel != null && channel.reducerName().equals("append");
    }

    /** The tasks checkpoint {@code step} scheduled next (empty when there is no such checkpoint). */
    public List<Task> nextTasks(String threadId, int step) {
        String json = checkpoints.get(key(threadId, step));
        return json == null ? List.of() : JsonRecords.readPlain(json, Checkpoint.class).tasks();
    }

    /**
     * Where the thread stands after {@code step}: its state, the tasks to run next and the joins' progress.
     *
     * @param runStep the step number of the run that continues from here
     */
    public Optional<RunPosition> position(String threadId, int step, int runStep) {
        return state(threadId, step).map(state -> {
            Checkpoint checkpoint = JsonRecords.readPlain(checkpoints.get(key(threadId, step)), Checkpoint.class);
            return new RunPosition(state, checkpoint.tasks(), checkpoint.waiting(), runStep);
        });
    }

    /**
     * The thread's state after {@code step}: the other channels from the last snapshot at or before it plus the
     * changes since, the append channels from all their deltas (a list that was replaced, not appended to, is
     * stored whole and starts them afresh).
     */
    public Optional<Map<String, Object>> state(String threadId, int step) {
        int base = step - step % SNAPSHOT_EVERY;
        Map<AffinityKey<String>, String> stored = checkpoints.getAll(keys(threadId, 0, step));
        if (!stored.containsKey(key(threadId, step))) {
            return Optional.empty();
        }
        Map<String, Object> state = new LinkedHashMap<>();
        for (int s = 0; s <= step; s++) {
            String json = stored.get(key(threadId, s));
            if (json == null) {
                throw new IllegalStateException("checkpoint " + s + " of thread " + threadId + " is missing");
            }
            apply(state, JsonRecords.readPlain(json, Checkpoint.class).values(), s >= base);
        }
        return Optional.of(state);
    }

    @SuppressWarnings("unchecked")
    private static void apply(Map<String, Object> state, Map<String, Object> values, boolean all) {
        values.forEach((channel, value) -> {
            if (value instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("$append")) {
                List<Object> items = new ArrayList<>(state.get(channel) instanceof Collection<?> existing
                        ? (Collection<Object>) existing : List.of());
                items.addAll((Collection<Object>) map.get("$append"));
                state.put(channel, items);
            } else if (value instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("$set")) {
                state.put(channel, map.get("$set"));
            } else if (all) {
                state.put(channel, value);
            }
        });
    }

    private static java.util.Set<AffinityKey<String>> keys(String threadId, int from, int to) {
        java.util.Set<AffinityKey<String>> keys = new java.util.TreeSet<>(java.util.Comparator.comparing(
                AffinityKey::key));
        for (int s = from; s <= to; s++) {
            keys.add(key(threadId, s));
        }
        return keys;
    }

    /** The thread's record (workflow, status, last step), if the thread exists. */
    public Optional<Map<String, Object>> thread(String threadId) {
        String stored = threads.get(threadId);
        return stored == null ? Optional.empty() : Optional.of(JsonRecords.readMap(stored));
    }

    /** Bytes the thread's checkpoints take in their stored (JSON) form. */
    public long storedBytes(String threadId) {
        long bytes = 0;
        try (QueryCursor<Cache.Entry<AffinityKey<String>, String>> cursor = checkpoints.query(
                new ScanQuery<AffinityKey<String>, String>((k, v) -> threadId.equals(k.affinityKey())))) {
            for (Cache.Entry<AffinityKey<String>, String> entry : cursor) {
                bytes += entry.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            }
        }
        return bytes;
    }
}
