package io.lalo.workflow;

import io.lalo.json.JsonRecords;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.transactions.Transaction;
import org.apache.ignite.transactions.TransactionConcurrency;
import org.apache.ignite.transactions.TransactionIsolation;

/**
 * Who is running which run: one lease per active run, naming the node that runs it and until when. The node
 * renews its leases while it lives; a lease that lapsed, or whose node left the cluster, may be taken over by
 * another node — in a transaction, so exactly one node takes it — which then resumes the run. Only active runs
 * hold a lease, so looking for lapsed ones reads little.
 */
public final class RunLeases {

    public static final String CACHE = "lalo_wf_leases";

    /** A run's lease. */
    public record Lease(String runId, String threadId, String node, long until) {
    }

    private final Ignite ignite;
    private final IgniteCache<String, String> leases;
    private final Clock clock;
    private final Duration timeout;

    public RunLeases(Ignite ignite, int backups, Clock clock, Duration timeout) {
        this.ignite = ignite;
        this.clock = clock;
        this.timeout = timeout;
        this.leases = ignite.getOrCreateCache(new CacheConfiguration<String, String>(CACHE)
                .setAtomicityMode(CacheAtomicityMode.TRANSACTIONAL).setBackups(backups));
    }

    private String self() {
        return ignite.cluster().localNode().id().toString();
    }

    /** Takes the lease of a run this node starts. */
    public void acquire(String runId, String threadId) {
        leases.put(runId, JsonRecords.write(new Lease(runId, threadId, self(), clock.millis() + timeout.toMillis())));
    }

    /** Extends the leases of runs this node runs; returns those it no longer holds (taken over elsewhere). */
    public List<String> renew(Collection<String> runIds) {
        List<String> lost = new ArrayList<>();
        for (String runId : runIds) {
            try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                    TransactionIsolation.REPEATABLE_READ)) {
                String stored = leases.get(runId);
                Lease lease = stored == null ? null : JsonRecords.read(stored, Lease.class);
                if (lease == null || !lease.node().equals(self())) {
                    lost.add(runId);
                } else {
                    leases.put(runId, JsonRecords.write(new Lease(runId, lease.threadId(), lease.node(),
                            clock.millis() + timeout.toMillis())));
                }
                tx.commit();
            }
        }
        return lost;
    }

    public void release(String runId) {
        leases.remove(runId);
    }

    /** Leases that lapsed or whose node is gone: runs nobody is running. */
    public List<Lease> orphaned() {
        long now = clock.millis();
        List<Lease> out = new ArrayList<>();
        try (QueryCursor<Cache.Entry<String, String>> cursor = leases.query(new ScanQuery<String, String>())) {
            for (Cache.Entry<String, String> entry : cursor) {
                Lease lease = JsonRecords.read(entry.getValue(), Lease.class);
                if (orphan(lease, now)) {
                    out.add(lease);
                }
            }
        }
        return out;
    }

    private boolean orphan(Lease lease, long now) {
        return lease.until() < now || ignite.cluster().node(UUID.fromString(lease.node())) == null;
    }

    /** Takes an orphaned lease over; false when another node was first or its holder came back to it. */
    public boolean takeOver(String runId) {
        try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                TransactionIsolation.REPEATABLE_READ)) {
            String stored = leases.get(runId);
            Lease lease = stored == null ? null : JsonRecords.read(stored, Lease.class);
            if (lease == null || !orphan(lease, clock.millis())) {
                tx.commit();
                return false;
            }
            leases.put(runId, JsonRecords.write(new Lease(runId, lease.threadId(), self(),
                    clock.millis() + timeout.toMillis())));
            tx.commit();
            return true;
        }
    }

    /** A lease as plain fields (for tests and diagnostics). */
    public Map<String, Object> describe(String runId) {
        String stored = leases.get(runId);
        return stored == null ? Map.of() : new LinkedHashMap<>(JsonRecords.readMap(stored));
    }
}
