package io.lalo.workflow;

import io.lalo.grid.ReplicatedCaches;
import io.lalo.json.JsonRecords;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.transactions.Transaction;
import org.apache.ignite.transactions.TransactionConcurrency;
import org.apache.ignite.transactions.TransactionIsolation;

/**
 * Workflow definitions in the grid, versioned: every save that compiles becomes version n+1 (the current one in
 * {@code lalo_workflows}, every version in {@code lalo_workflow_versions} as {@code id@n}). Definitions are kept in
 * their JSON form and compiled on first use per version.
 */
public final class WorkflowStore {

    public static final String CURRENT = "lalo_workflows";
    public static final String VERSIONS = "lalo_workflow_versions";

    private final Ignite ignite;
    private final IgniteCache<String, String> current;
    private final IgniteCache<String, String> versions;
    private final NodeTypes types;
    private final Clock clock;
    private final Map<String, CompiledWorkflow> compiled = new ConcurrentHashMap<>();

    public WorkflowStore(Ignite ignite, NodeTypes types, Clock clock) {
        this.ignite = ignite;
        this.types = types;
        this.clock = clock;
        this.current = ignite.getOrCreateCache(config(CURRENT));
        this.versions = ignite.getOrCreateCache(config(VERSIONS));
    }

    private static CacheConfiguration<String, String> config(String name) {
        return new CacheConfiguration<String, String>(name).setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.TRANSACTIONAL)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC);
    }

    /** A stored version: the definition as given, who saved it and when. */
    public record Version(String id, int version, Map<String, Object> definition, String createdBy,
                          String createdAt) {
    }

    /**
     * Checks and stores a definition as the next version of its id.
     *
     * @throws WorkflowDefinitionException with every problem, when it does not compile
     */
    public Version save(Map<String, Object> definition, String by) {
        WorkflowDefinition parsed = WorkflowCodec.fromMap(definition, types);
        new WorkflowCompiler(types).compile(parsed);
        checkSubgraphs(parsed);
        try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                TransactionIsolation.REPEATABLE_READ)) {
            int next = Optional.ofNullable(current.get(parsed.id())).map(json -> JsonRecords.read(json, Version.class).version()).orElse(0) + 1;
            Version version = new Version(parsed.id(), next, new LinkedHashMap<>(definition), by,
                    clock.instant().toString());
            String json = JsonRecords.write(version);
            current.put(parsed.id(), json);
            versions.put(parsed.id() + "@" + next, json);
            tx.commit();
            return version;
        }
    }

    /**
     * Every subgraph must name a stored workflow (of that version, when pinned), and no chain of subgraphs may lead
     * back to the workflow being saved: a run would nest without end.
     */
    private void checkSubgraphs(WorkflowDefinition parsed) {
        List<WorkflowDefinitionException.Problem> problems = new ArrayList<>();
        for (NodeSpec node : parsed.nodes()) {
            if (!node.type().equals("subgraph")) {
                continue;
            }
            String child = String.valueOf(node.config().get("workflow"));
            int pinned = NodeInputs.integer(node, "version", 0);
            Optional<Version> found = pinned > 0 ? get(child, pinned) : get(child);
            String where = "nodes." + node.name() + ".workflow";
            if (found.isEmpty()) {
                problems.add(new WorkflowDefinitionException.Problem(where, "no stored workflow '" + child + "'"
                        + (pinned > 0 ? " version " + pinned : "") + " (save the subgraph first)"));
            } else if (reachesBack(found.get(), parsed.id(), new java.util.HashSet<>())) {
                problems.add(new WorkflowDefinitionException.Problem(where, "subgraph '" + child
                        + "' leads back to '" + parsed.id() + "' (subgraphs may not form a cycle)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new WorkflowDefinitionException(problems);
        }
    }

    @SuppressWarnings("unchecked")
    private boolean reachesBack(Version version, String target, java.util.Set<String> seen) {
        if (!seen.add(version.id() + "@" + version.version())) {
            return false;
        }
        Object nodes = version.definition().get("nodes");
        if (!(nodes instanceof Map<?, ?> map)) {
            return false;
        }
        for (Object spec : map.values()) {
            if (spec instanceof Map<?, ?> node && "subgraph".equals(node.get("type"))) {
                String child = String.valueOf(node.get("workflow"));
                if (child.equals(target)) {
                    return true;
                }
                int pinned = node.get("version") instanceof Number n ? n.intValue() : 0;
                Optional<Version> next = pinned > 0 ? get(child, pinned) : get(child);
                if (next.isPresent() && reachesBack(next.get(), target, seen)) {
                    return true;
                }
            }
        }
        return false;
    }

    public Optional<Version> get(String id) {
        return Optional.ofNullable(current.get(id)).map(json -> JsonRecords.read(json, Version.class));
    }

    public Optional<Version> get(String id, int version) {
        return Optional.ofNullable(versions.get(id + "@" + version)).map(json -> JsonRecords.read(json, Version.class));
    }

    public List<Version> list() {
        List<Version> all = new ArrayList<>();
        for (String json : ReplicatedCaches.<String>values(ignite, CURRENT)) {
            all.add(JsonRecords.read(json, Version.class));
        }
        all.sort(Comparator.comparing(Version::id));
        return all;
    }

    public List<Version> versions(String id) {
        List<Version> all = new ArrayList<>();
        int latest = get(id).map(Version::version).orElse(0);
        for (int v = 1; v <= latest; v++) {
            get(id, v).ifPresent(all::add);
        }
        return all;
    }

    /** The compiled form of a stored version (compiled once). */
    public CompiledWorkflow compiled(Version version) {
        return compiled.computeIfAbsent(version.id() + "@" + version.version(), key ->
                new WorkflowCompiler(types).compile(WorkflowCodec.fromMap(version.definition(), types))
                        .withVersion(version.version()));
    }
}
