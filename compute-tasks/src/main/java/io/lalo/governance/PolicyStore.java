package io.lalo.governance;

import io.lalo.json.JsonRecords;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lalo.grid.ClusterMeta;
import io.lalo.grid.ReplicatedCaches;
import io.lalo.lifecycle.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.transactions.Transaction;
import org.apache.ignite.transactions.TransactionConcurrency;
import org.apache.ignite.transactions.TransactionIsolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policies in the grid, versioned, and the compiled {@link PolicySet} every node evaluates against. A policy is
 * compiled before it is saved, so a broken one never reaches the grid. Each node listens to changes with a
 * continuous query and recompiles its set on a thread of its own, so a change reaches every node well within a
 * second, without a restart; the node that saved a change recompiles before returning, so its caller reads its
 * own write. Every save also appends the version to a history cache.
 */
public final class PolicyStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyStore.class);

    static final String CACHE = "lalo_policies";
    static final String HISTORY = "lalo_policy_versions";
    static final String SEEDED = "policies.seeded";
    private static final String DEFAULTS = "io/lalo/governance/policies/default.yaml";

    /** The stored form of one version. */
    record Stored(Map<String, Object> policy, int version, Instant updatedAt, String updatedBy, boolean deleted) {
        PolicyVersion toVersion() {
            return new PolicyVersion(PolicyCodec.fromMap(policy), version, updatedAt, updatedBy, deleted);
        }
    }

    /** A create for an id that is already in use. */
    public static final class PolicyExistsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PolicyExistsException(String id) {
            super("Policy " + id + " already exists; update it with PUT");
        }
    }

    private final Ignite ignite;
    private final Clock clock;
    private final IgniteCache<String, String> current;
    private final IgniteCache<String, String> history;
    private final ExecutorService recompiler = Executors.newSingleThreadExecutor(
            DaemonThreads.named("lalo-policy-recompile"));
    private final AtomicBoolean reloadPending = new AtomicBoolean();
    private volatile PolicySet compiled = PolicySet.EMPTY;
    private volatile QueryCursor<Cache.Entry<String, String>> changes;

    public PolicyStore(Ignite ignite, Clock clock) {
        this.ignite = ignite;
        this.clock = clock;
        this.current = ignite.getOrCreateCache(configuration(CACHE));
        this.history = ignite.getOrCreateCache(configuration(HISTORY));
    }

    private static CacheConfiguration<String, String> configuration(String name) {
        return new CacheConfiguration<String, String>(name)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.TRANSACTIONAL)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC);
    }

    /** Starts following changes and compiles the current set. */
    public void start() {
        ContinuousQuery<String, String> query = new ContinuousQuery<>();
        query.setLocalListener(events -> scheduleReload());
        changes = current.query(query);
        reload();
    }

    /** On the first start of a cluster, saves the shipped default policies (once per cluster). */
    public boolean seedDefaults() {
        if (!ClusterMeta.cache(ignite).putIfAbsent(SEEDED, "true")) {
            return false;
        }
        for (Policy policy : defaults()) {
            if (get(policy.id()).isEmpty()) {
                create(policy, "system");
            }
        }
        reload();
        return true;
    }

    /** The policies shipped in {@code config/policies/default.yaml}. */
    public static List<Policy> defaults() {
        try (InputStream in = PolicyStore.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the classpath");
            }
            List<?> raw = new ObjectMapper(new YAMLFactory()).readValue(in, List.class);
            List<Policy> policies = new ArrayList<>();
            for (Object item : raw) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) item;
                policies.add(PolicyCodec.fromMap(map));
            }
            PolicySet.compile(policies);
            return policies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The compiled set this node evaluates against. */
    public PolicySet current() {
        return compiled;
    }

    public PolicyVersion create(Policy policy, String by) {
        PolicyCompiler.compile(policy);
        try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                TransactionIsolation.REPEATABLE_READ)) {
            Stored previous = stored(policy.id());
            if (previous != null && !previous.deleted()) {
                throw new PolicyExistsException(policy.id());
            }
            PolicyVersion saved = save(policy, previous == null ? 1 : previous.version() + 1, by, false);
            tx.commit();
            reload();
            return saved;
        }
    }

    /** Saves a new version of an existing policy; empty when there is no such (undeleted) policy. */
    public Optional<PolicyVersion> update(Policy policy, String by) {
        PolicyCompiler.compile(policy);
        try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                TransactionIsolation.REPEATABLE_READ)) {
            Stored previous = stored(policy.id());
            if (previous == null || previous.deleted()) {
                return Optional.empty();
            }
            PolicyVersion saved = save(policy, previous.version() + 1, by, false);
            tx.commit();
            reload();
            return Optional.of(saved);
        }
    }

    /** Deletes a policy (a new version marked deleted, so the history stays); empty when there is none. */
    public Optional<PolicyVersion> delete(String id, String by) {
        try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                TransactionIsolation.REPEATABLE_READ)) {
            Stored previous = stored(id);
            if (previous == null || previous.deleted()) {
                return Optional.empty();
            }
            PolicyVersion saved = save(previous.toVersion().policy(), previous.version() + 1, by, true);
            tx.commit();
            reload();
            return Optional.of(saved);
        }
    }

    /** The stored current version of a policy (deleted or not), or null when it never existed. */
    private Stored stored(String id) {
        String text = current.get(id);
        return text == null ? null : JsonRecords.read(text, Stored.class);
    }

    private PolicyVersion save(Policy policy, int version, String by, boolean deleted) {
        Stored stored = new Stored(PolicyCodec.toMap(policy), version, clock.instant(), by, deleted);
        String text = JsonRecords.write(stored);
        current.put(policy.id(), text);
        history.put(policy.id() + "@" + version, text);
        return stored.toVersion();
    }

    public Optional<PolicyVersion> get(String id) {
        return Optional.ofNullable(stored(id)).map(Stored::toVersion).filter(version -> !version.deleted());
    }

    /** The current version of every policy that is not deleted, by id. */
    public List<PolicyVersion> list() {
        List<PolicyVersion> versions = new ArrayList<>();
        for (String text : ReplicatedCaches.<String>values(ignite, CACHE)) {
            PolicyVersion version = JsonRecords.read(text, Stored.class).toVersion();
            if (!version.deleted()) {
                versions.add(version);
            }
        }
        versions.sort(Comparator.comparing(version -> version.policy().id()));
        return versions;
    }

    /** Every saved version of a policy, oldest first; empty when it never existed. */
    public List<PolicyVersion> versions(String id) {
        List<PolicyVersion> versions = new ArrayList<>();
        Stored latest = stored(id);
        if (latest == null) {
            return versions;
        }
        int last = latest.version();
        for (int version = 1; version <= last; version++) {
            String text = history.get(id + "@" + version);
            if (text != null) {
                versions.add(JsonRecords.read(text, Stored.class).toVersion());
            }
        }
        return versions;
    }

    private void scheduleReload() {
        if (reloadPending.compareAndSet(false, true)) {
            recompiler.execute(() -> {
                reloadPending.set(false);
                reload();
            });
        }
    }

    private synchronized void reload() {
        try {
            List<Policy> policies = list().stream().map(PolicyVersion::policy).toList();
            compiled = PolicySet.compile(policies);
        } catch (RuntimeException e) {
            LOG.warn("Could not recompile the policies; keeping the previous set: {}", e.toString());
        }
    }

    @Override
    public void close() {
        QueryCursor<Cache.Entry<String, String>> cursor = changes;
        if (cursor != null) {
            try {
                cursor.close();
            } catch (RuntimeException e) {
                // A client node already cut off from the cluster cannot deregister; the servers drop it anyway.
                LOG.debug("Could not close the policy listener: {}", e.toString());
            }
        }
        recompiler.shutdownNow();
        try {
            recompiler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
