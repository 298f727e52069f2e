package io.lalo.config;

import static io.lalo.config.ConfigKeys.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * LALO's whole configuration, typed and validated. Built once at start from {@code config/lalo.yaml}, {@code LALO_…}
 * environment variables and command-line overrides (in rising precedence); a value that cannot be used stops the
 * process with a {@link ConfigException} naming the key, before anything is started.
 *
 * <p>Each section is a record so a component receives only the part it needs and cannot change it.
 */
public record LaloConfig(Node node, Discovery discovery, ClientConnector clientConnector, Sql sql, Storage storage,
                         Cluster cluster, Demo demo, Edge edge, Auth auth, Audit audit, RateLimit rateLimit,
                         Approvals approvals, Nl2Sql nl2sql, Rag rag, Workflow workflow, Mcp mcp) {

    /** Identity and address of this process's grid node. */
    public record Node(String instanceName, String consistentId, String host, int portOffset) {
    }

    /** How nodes find each other; ports are already shifted by the port offset. */
    public record Discovery(int port, List<String> addresses, int communicationPort) {
    }

    /** Thin-client / JDBC connector; the port is already shifted by the port offset. */
    /**
     * The thin-client (JDBC, ODBC, thin API) connector; with {@code authentication}, clients log in as Ignite's user
     * {@code ignite} with {@code password} (empty: generated on the cluster's first start).
     */
    public record ClientConnector(boolean enabled, int port, boolean authentication, String password) {
        @Override
        public String toString() {
            return "ClientConnector[enabled=" + enabled + ", port=" + port + ", authentication=" + authentication
                    + ", password=" + (password.isEmpty() ? "" : "***") + "]";
        }
    }

    public record Sql(String defaultEngine, ResultCache resultCache) {
    }

    /** The grid-held cache of query results; {@code maxRows} bounds what one entry may hold. */
    public record ResultCache(boolean enabled, Duration ttl, int maxRows) {
    }

    public record Storage(boolean persistence, Path dataDir, long dataRegionSize, String walMode,
                          long walSegmentSize) {
    }

    public record Cluster(boolean activateOnFirstStart, boolean baselineAutoAdjust,
                          Duration baselineAutoAdjustTimeout, int backups) {
    }

    public record Demo(boolean enabled, int orders) {
    }

    /** The HTTP edge; the port is already shifted by the port offset. */
    public record Edge(String host, int port, long bodyLimit, Duration shutdownTimeout) {
    }

    /**
     * Credentials. Secrets are held here only to be handed to the component that needs them; {@link #toString()}
     * never shows them.
     *
     * @param adminKey the operator-supplied bootstrap admin API key, or empty
     * @param jwtSecret HS256 secret, or empty
     * @param jwtPublicKey RS256 public key in PEM, or empty
     * @param jwtIssuer required {@code iss}
     * @param jwtAudience required {@code aud}
     * @param roleHierarchy {@code parent>child} edges
     */
    public record Auth(String adminKey, String jwtSecret, String jwtPublicKey, String jwtIssuer, String jwtAudience,
                       List<String> roleHierarchy) {
        @Override
        public String toString() {
            return "Auth[adminKey=" + (adminKey.isEmpty() ? "" : "***") + ", jwtSecret="
                    + (jwtSecret.isEmpty() ? "" : "***") + ", jwtPublicKey=" + (jwtPublicKey.isEmpty() ? "" : "set")
                    + ", jwtIssuer=" + jwtIssuer + ", jwtAudience=" + jwtAudience + ", roleHierarchy="
                    + roleHierarchy + "]";
        }
    }

    /** The audit writer: how many events may wait, and how long at most. */
    public record Audit(int queueCapacity, Duration flushInterval) {
    }

    /**
     * Token-bucket limits per principal: the defaults, and per-role overrides as {@code role=perMinute/burst}.
     */
    public record RateLimit(int requestsPerMinute, int burst, List<String> roles) {
    }

    /** Change approval for policies: how many other admins must approve a change (0: none). */
    public record Approvals(int required) {
    }

    /** NL2SQL: where semantic annotations live, and the optional LLM endpoint (empty URL: offline only). */
    public record Nl2Sql(Path semanticDir, String llmUrl, String llmModel, String llmApiKey, Duration llmTimeout) {
        public boolean llmEnabled() {
            return !llmUrl.isEmpty();
        }

        @Override
        public String toString() {
            return "Nl2Sql[semanticDir=" + semanticDir + ", llmUrl=" + llmUrl + ", llmModel=" + llmModel
                    + ", llmApiKey=" + (llmApiKey.isEmpty() ? "" : "***") + ", llmTimeout=" + llmTimeout + "]";
        }
    }

    /**
     * RAG: how documents are cut and embedded, how big they may be, and the search answer cache.
     *
     * @param embeddingThreads resolved: never 0
     */
    public record Rag(int chunkMaxTokens, int chunkOverlapTokens, int embeddingThreads, int embeddingQueue,
                      long maxDocumentBytes, long asyncThresholdBytes, int resultCacheEntries,
                      Duration resultCacheTtl, Endpoint embedding, int dimensions, Endpoint generation) {
    }

    /**
     * Workflows: the default durability of runs (sync, async, exit), the run lease that lets another node take a
     * run over, the largest state a thread may hold, and the endpoint of {@code llm.chat} nodes.
     */
    public record Workflow(String durability, Duration leaseTimeout, long maxStateBytes, Endpoint llm) {
    }

    /**
     * MCP: {@code fixtures} turns on the conformance suite's test mode (fixture tools, no credentials on /mcp); the
     * limits on open sessions (cluster-wide) and on requests one edge works on at once.
     */
    public record Mcp(boolean fixtures, int maxSessions, int maxConcurrentRequests) {
    }

    /**
     * An optional OpenAI-compatible endpoint (empty URL: not used). The key is hidden from {@link #toString()}.
     */
    public record Endpoint(String url, String model, String apiKey, Duration timeout) {
        public boolean enabled() {
            return !url.isEmpty();
        }

        @Override
        public String toString() {
            return "Endpoint[url=" + url + ", model=" + model + ", apiKey=" + (apiKey.isEmpty() ? "" : "***")
                    + ", timeout=" + timeout + "]";
        }
    }

    private static Rag rag(Values values) {
        int max = values.get(RAG_CHUNK_MAX_TOKENS);
        int overlap = values.get(RAG_CHUNK_OVERLAP_TOKENS);
        if (overlap * 2 >= max) {
            throw ConfigException.invalid(RAG_CHUNK_OVERLAP_TOKENS, String.valueOf(overlap),
                    "less than half of rag.chunk.maxTokens (" + max + ")");
        }
        int threads = values.get(RAG_EMBEDDING_THREADS);
        if (values.get(RAG_EMBEDDING_URL).isEmpty() && values.get(RAG_EMBEDDING_DIMENSIONS) != 384) {
            throw ConfigException.invalid(RAG_EMBEDDING_DIMENSIONS, values.raw(RAG_EMBEDDING_DIMENSIONS),
                    "384 while rag.embedding.url is empty (the in-process all-MiniLM-L6-v2 makes 384)");
        }
        return new Rag(max, overlap, threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
                values.get(RAG_EMBEDDING_QUEUE), values.get(RAG_MAX_DOCUMENT_BYTES), values.get(RAG_ASYNC_THRESHOLD),
                values.get(RAG_RESULT_CACHE_ENTRIES), values.get(RAG_RESULT_CACHE_TTL),
                new Endpoint(values.get(RAG_EMBEDDING_URL), values.get(RAG_EMBEDDING_MODEL),
                        values.get(RAG_EMBEDDING_API_KEY), values.get(RAG_GENERATION_TIMEOUT)),
                values.get(RAG_EMBEDDING_DIMENSIONS),
                new Endpoint(values.get(RAG_GENERATION_URL), values.get(RAG_GENERATION_MODEL),
                        values.get(RAG_GENERATION_API_KEY), values.get(RAG_GENERATION_TIMEOUT)));
    }

    /** Ignite's authentication keeps its users in the persistent metastore: without persistence it cannot run. */
    private static boolean authentication(Values values) {
        boolean persistence = values.get(STORAGE_PERSISTENCE);
        boolean wanted = values.get(CLIENT_CONNECTOR_AUTHENTICATION);
        if (wanted && !persistence) {
            throw ConfigException.invalid(CLIENT_CONNECTOR_AUTHENTICATION, "true",
                    "false when storage.persistence is false (Ignite keeps its users in persistent storage)");
        }
        return wanted;
    }

    /** Defaults only: what a node gets with no file, no environment and no flags. */
    public static LaloConfig defaults() {
        return load(null, Map.of(), Map.of());
    }

    /**
     * Loads and validates the configuration.
     *
     * @param yamlFile the YAML file, or {@code null} for none
     * @param env the environment (normally {@link System#getenv()})
     * @param overrides dotted keys set on the command line; they win over everything else
     */
    public static LaloConfig load(Path yamlFile, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> raw = ConfigLoader.resolve(yamlFile, env, overrides);
        Values values = new Values(raw);
        int offset = values.get(NODE_PORT_OFFSET);
        return new LaloConfig(
                new Node(values.get(NODE_INSTANCE_NAME), values.get(NODE_CONSISTENT_ID), values.get(NODE_HOST),
                        offset),
                new Discovery(shifted(values, DISCOVERY_PORT, offset), values.get(DISCOVERY_ADDRESSES),
                        shifted(values, COMMUNICATION_PORT, offset)),
                new ClientConnector(values.get(CLIENT_CONNECTOR_ENABLED), shifted(values, CLIENT_CONNECTOR_PORT, offset),
                        authentication(values), values.get(CLIENT_CONNECTOR_PASSWORD)),
                new Sql(values.get(SQL_DEFAULT_ENGINE), new ResultCache(values.get(SQL_RESULT_CACHE_ENABLED),
                        values.get(SQL_RESULT_CACHE_TTL), values.get(SQL_RESULT_CACHE_MAX_ROWS))),
                new Storage(values.get(STORAGE_PERSISTENCE), values.get(STORAGE_DATA_DIR),
                        values.get(STORAGE_DATA_REGION_SIZE), values.get(STORAGE_WAL_MODE),
                        values.get(STORAGE_WAL_SEGMENT_SIZE)),
                new Cluster(values.get(CLUSTER_ACTIVATE_ON_FIRST_START), values.get(CLUSTER_BASELINE_AUTO_ADJUST),
                        values.get(CLUSTER_BASELINE_AUTO_ADJUST_TIMEOUT), values.get(CLUSTER_BACKUPS)),
                new Demo(values.get(DEMO_ENABLED), values.get(DEMO_ORDERS)),
                new Edge(values.get(EDGE_HOST), shifted(values, EDGE_PORT, offset), values.get(EDGE_BODY_LIMIT),
                        values.get(EDGE_SHUTDOWN_TIMEOUT)),
                new Auth(values.get(ADMIN_KEY), values.get(AUTH_JWT_SECRET), values.get(AUTH_JWT_PUBLIC_KEY),
                        values.get(AUTH_JWT_ISSUER), values.get(AUTH_JWT_AUDIENCE), values.get(AUTH_ROLE_HIERARCHY)),
                new Audit(values.get(AUDIT_QUEUE_CAPACITY), values.get(AUDIT_FLUSH_INTERVAL)),
                new RateLimit(values.get(RATE_LIMIT_PER_MINUTE), values.get(RATE_LIMIT_BURST),
                        values.get(RATE_LIMIT_ROLES)),
                new Approvals(values.get(GOVERNANCE_REQUIRED_APPROVALS)),
                new Nl2Sql(values.get(NL2SQL_SEMANTIC_DIR), values.get(NL2SQL_LLM_URL), values.get(NL2SQL_LLM_MODEL),
                        values.get(NL2SQL_LLM_API_KEY), values.get(NL2SQL_LLM_TIMEOUT)),
                rag(values),
                new Workflow(values.get(WORKFLOW_DURABILITY), values.get(WORKFLOW_LEASE_TIMEOUT),
                        values.get(WORKFLOW_MAX_STATE_BYTES), new Endpoint(values.get(WORKFLOW_LLM_URL),
                        values.get(WORKFLOW_LLM_MODEL), values.get(WORKFLOW_LLM_API_KEY),
                        values.get(WORKFLOW_LLM_TIMEOUT))),
                new Mcp(values.get(MCP_FIXTURES), values.get(MCP_MAX_SESSIONS),
                        values.get(MCP_MAX_CONCURRENT_REQUESTS)));
    }

    private static int shifted(Values values, ConfigKey<Integer> key, int offset) {
        int port = values.get(key) + offset;
        if (port > 65535) {
            throw ConfigException.invalid(key, values.raw(key), "a port that stays at most 65535 after adding "
                    + "node.portOffset " + offset);
        }
        return port;
    }

    /** Raw text per key, parsed on demand through each key's parser. */
    private record Values(Map<String, String> raw) {
        <T> T get(ConfigKey<T> key) {
            return key.parse(raw(key));
        }

        String raw(ConfigKey<?> key) {
            return raw.get(key.path());
        }
    }
}
