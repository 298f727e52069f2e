package io.lalo.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every configuration key LALO reads, with its default. This list is the single source of truth: {@code
 * config/lalo.yaml} and the README's configuration reference are checked against it by tests.
 */
public final class ConfigKeys {

    public static final ConfigKey<Integer> NODE_PORT_OFFSET = new ConfigKey<>("node.portOffset", "0",
            "Added to every port below, so several nodes (and edges) can run on one machine.",
            ValueParser.intRange(0, 100));
    public static final ConfigKey<String> NODE_INSTANCE_NAME = new ConfigKey<>("node.instanceName",
            "lalo-node-{node.portOffset}", "Ignite instance name of this process's node.", ValueParser.name());
    public static final ConfigKey<String> NODE_CONSISTENT_ID = new ConfigKey<>("node.consistentId",
            "{node.instanceName}", "Consistent id: a restarted node finds its own persistent storage by it.",
            ValueParser.name());
    public static final ConfigKey<String> NODE_HOST = new ConfigKey<>("node.host", "127.0.0.1",
            "Local address the grid binds (discovery, communication, thin clients).", ValueParser.nonBlank());

    public static final ConfigKey<Integer> DISCOVERY_PORT = new ConfigKey<>("discovery.port", "47500",
            "Discovery port (plus node.portOffset).", ValueParser.port());
    public static final ConfigKey<List<String>> DISCOVERY_ADDRESSES = new ConfigKey<>("discovery.addresses",
            "127.0.0.1:47500..47509", "Addresses where the other nodes of the cluster are found.",
            ValueParser.addressList());
    public static final ConfigKey<Integer> COMMUNICATION_PORT = new ConfigKey<>("communication.port", "47100",
            "Node-to-node communication port (plus node.portOffset).", ValueParser.port());

    public static final ConfigKey<Boolean> CLIENT_CONNECTOR_ENABLED = new ConfigKey<>("clientConnector.enabled",
            "true", "Serve thin clients and JDBC thin connections.", ValueParser.bool());
    public static final ConfigKey<Integer> CLIENT_CONNECTOR_PORT = new ConfigKey<>("clientConnector.port", "10800",
            "Thin-client and JDBC port (plus node.portOffset).", ValueParser.port());
    public static final ConfigKey<Boolean> CLIENT_CONNECTOR_AUTHENTICATION = new ConfigKey<>(
            "clientConnector.authentication", "{storage.persistence}", "Thin clients and JDBC log in with Ignite's "
            + "own authentication (user ignite); needs storage.persistence.", ValueParser.bool());
    public static final ConfigKey<String> CLIENT_CONNECTOR_PASSWORD = ConfigKey.secret("clientConnector.password",
            "Password of the thin-client user 'ignite'; when empty, the first start generates one, prints it once "
            + "and saves it to DATA_DIR/thin-client.password (owner-only).", ValueParser.optionalSecret(12));

    public static final ConfigKey<String> SQL_DEFAULT_ENGINE = new ConfigKey<>("sql.defaultEngine", "calcite",
            "SQL engine used when a query does not name one.", ValueParser.oneOf("calcite", "h2"));
    public static final ConfigKey<Boolean> SQL_RESULT_CACHE_ENABLED = new ConfigKey<>("sql.resultCache.enabled",
            "true", "Keep query results in the grid, keyed by the governed statement and its parameters.",
            ValueParser.bool());
    public static final ConfigKey<Duration> SQL_RESULT_CACHE_TTL = new ConfigKey<>("sql.resultCache.ttl", "60s",
            "How long a cached result may be served; a write to a table through LALO invalidates it at once.",
            ValueParser.duration(Duration.ofSeconds(1), Duration.ofHours(24)));
    public static final ConfigKey<Integer> SQL_RESULT_CACHE_MAX_ROWS = new ConfigKey<>("sql.resultCache.maxRows",
            "10000", "Results with more rows than this are not cached.", ValueParser.intRange(1, 1_000_000));

    public static final ConfigKey<Boolean> STORAGE_PERSISTENCE = new ConfigKey<>("storage.persistence", "true",
            "Native persistence: data survives restarts.", ValueParser.bool());
    public static final ConfigKey<Path> STORAGE_DATA_DIR = new ConfigKey<>("storage.dataDir", "./data",
            "Directory for the node's data, WAL and metadata.", ValueParser.path());
    public static final ConfigKey<Long> STORAGE_DATA_REGION_SIZE = new ConfigKey<>("storage.dataRegionSize",
            "512m", "Off-heap memory of the default data region.", ValueParser.byteSize(64L << 20, 1L << 40));
    public static final ConfigKey<String> STORAGE_WAL_MODE = new ConfigKey<>("storage.walMode", "LOG_ONLY",
            "Write-ahead-log mode: LOG_ONLY survives a process crash, FSYNC also an OS crash.",
            ValueParser.oneOf("LOG_ONLY", "FSYNC", "BACKGROUND"));
    public static final ConfigKey<Long> STORAGE_WAL_SEGMENT_SIZE = new ConfigKey<>("storage.walSegmentSize", "64m",
            "Size of one WAL segment file.", ValueParser.byteSize(1L << 20, 1L << 30));

    public static final ConfigKey<Boolean> CLUSTER_ACTIVATE_ON_FIRST_START = new ConfigKey<>(
            "cluster.activateOnFirstStart", "true",
            "Activate a persistent cluster that has never been activated.", ValueParser.bool());
    public static final ConfigKey<Boolean> CLUSTER_BASELINE_AUTO_ADJUST = new ConfigKey<>(
            "cluster.baselineAutoAdjust", "true",
            "Let the baseline follow server nodes joining and leaving.", ValueParser.bool());
    public static final ConfigKey<Duration> CLUSTER_BASELINE_AUTO_ADJUST_TIMEOUT = new ConfigKey<>(
            "cluster.baselineAutoAdjustTimeout", "30s", "How long the topology must be stable before the "
            + "baseline is adjusted.", ValueParser.duration(Duration.ZERO, Duration.ofHours(1)));
    public static final ConfigKey<Integer> CLUSTER_BACKUPS = new ConfigKey<>("cluster.backups", "0",
            "Backup copies of each partition of user data (use 1 or more with several nodes).",
            ValueParser.intRange(0, 3));

    public static final ConfigKey<Boolean> DEMO_ENABLED = new ConfigKey<>("demo.enabled", "true",
            "Create and fill the retail demo schema on the first start of an empty cluster.", ValueParser.bool());
    public static final ConfigKey<Integer> DEMO_ORDERS = new ConfigKey<>("demo.orders", "100000",
            "Number of demo orders (order lines, customers and the rest scale with it).",
            ValueParser.intRange(1_000, 10_000_000));

    public static final ConfigKey<String> EDGE_HOST = new ConfigKey<>("edge.host", "127.0.0.1",
            "Address the HTTP edge listens on (0.0.0.0 for all interfaces).", ValueParser.nonBlank());
    public static final ConfigKey<Integer> EDGE_PORT = new ConfigKey<>("edge.port", "8080",
            "HTTP port of the edge (plus node.portOffset).", ValueParser.port());
    public static final ConfigKey<Long> EDGE_BODY_LIMIT = new ConfigKey<>("edge.bodyLimit", "1m",
            "Largest request body accepted; larger ones get 413.", ValueParser.byteSize(1L << 10, 1L << 30));
    public static final ConfigKey<Duration> EDGE_SHUTDOWN_TIMEOUT = new ConfigKey<>("edge.shutdownTimeout", "10s",
            "How long a stopping edge lets in-flight requests finish.",
            ValueParser.duration(Duration.ZERO, Duration.ofMinutes(5)));

    public static final ConfigKey<String> ADMIN_KEY = ConfigKey.secret("admin.key",
            "Bootstrap admin API key for automation; when empty, the first start generates one, prints it once and "
            + "saves it to DATA_DIR/admin.key (owner-only).", ValueParser.optionalSecret(32));
    public static final ConfigKey<String> AUTH_JWT_SECRET = ConfigKey.secret("auth.jwtSecret",
            "HS256 secret for JWT bearer tokens; empty turns HS256 off.", ValueParser.optionalSecret(32));
    public static final ConfigKey<String> AUTH_JWT_PUBLIC_KEY = new ConfigKey<>("auth.jwtPublicKey", "",
            "RS256 public key (PEM) for JWT bearer tokens; empty turns RS256 off.",
            ValueParser.optionalPublicKeyPem());
    public static final ConfigKey<String> AUTH_JWT_ISSUER = new ConfigKey<>("auth.jwtIssuer", "lalo",
            "Required iss claim of JWTs.", ValueParser.nonBlank());
    public static final ConfigKey<String> AUTH_JWT_AUDIENCE = new ConfigKey<>("auth.jwtAudience", "lalo",
            "Required aud claim of JWTs.", ValueParser.nonBlank());
    public static final ConfigKey<List<String>> AUTH_ROLE_HIERARCHY = new ConfigKey<>("auth.roleHierarchy",
            "admin>operator,operator>viewer,analyst>viewer",
            "Role inheritance: parent>child means the parent has every permission of the child.",
            ValueParser.roleEdges());

    public static final ConfigKey<Integer> AUDIT_QUEUE_CAPACITY = new ConfigKey<>("audit.queueCapacity", "100000",
            "Audit events a process may hold before writing; when full, requests get 503 rather than go unaudited.",
            ValueParser.intRange(1_000, 10_000_000));
    public static final ConfigKey<Duration> AUDIT_FLUSH_INTERVAL = new ConfigKey<>("audit.flushInterval", "50ms",
            "Longest wait before queued audit events are written as a batch.",
            ValueParser.duration(Duration.ofMillis(1), Duration.ofSeconds(10)));

    public static final ConfigKey<Integer> RATE_LIMIT_PER_MINUTE = new ConfigKey<>("rateLimit.requestsPerMinute",
            "1000", "Sustained requests per minute per principal (the token bucket's refill).",
            ValueParser.intRange(1, 10_000_000));
    public static final ConfigKey<Integer> RATE_LIMIT_BURST = new ConfigKey<>("rateLimit.burst", "100",
            "Requests a principal may make at once (the token bucket's size).", ValueParser.intRange(1, 1_000_000));
    public static final ConfigKey<List<String>> RATE_LIMIT_ROLES = new ConfigKey<>("rateLimit.roles", "",
            "Per-role limits overriding the defaults, e.g. admin=6000/600 (per minute / burst); a principal gets "
            + "the highest of its roles.", ValueParser.roleLimits());

    public static final ConfigKey<Integer> GOVERNANCE_REQUIRED_APPROVALS = new ConfigKey<>(
            "governance.requiredApprovals", "0", "Policy changes need this many approvals by other admins before "
            + "they apply (0: changes apply at once).", ValueParser.intRange(0, 10));

    public static final ConfigKey<Path> NL2SQL_SEMANTIC_DIR = new ConfigKey<>("nl2sql.semanticDir",
            "./config/semantic", "Directory of semantic annotations (*.yaml: descriptions, synonyms, units, values) "
            + "that NL2SQL reads; a missing directory means none.", ValueParser.path());
    public static final ConfigKey<String> NL2SQL_LLM_URL = new ConfigKey<>("nl2sql.llm.url", "",
            "OpenAI-compatible chat-completions endpoint (e.g. https://host/v1/chat/completions); empty keeps NL2SQL "
            + "offline.", ValueParser.optionalHttpUrl());
    public static final ConfigKey<String> NL2SQL_LLM_MODEL = new ConfigKey<>("nl2sql.llm.model", "",
            "Model name sent to the LLM endpoint.", ValueParser.optionalModelName());
    public static final ConfigKey<String> NL2SQL_LLM_API_KEY = ConfigKey.secret("nl2sql.llm.apiKey",
            "Bearer key for the LLM endpoint (never logged).", ValueParser.optionalSecret(1));
    public static final ConfigKey<Duration> NL2SQL_LLM_TIMEOUT = new ConfigKey<>("nl2sql.llm.timeout", "10s",
            "Longest wait for one LLM answer before the offline translator answers instead.",
            ValueParser.duration(Duration.ofMillis(100), Duration.ofMinutes(2)));

    public static final ConfigKey<Integer> RAG_CHUNK_MAX_TOKENS = new ConfigKey<>("rag.chunk.maxTokens", "200",
            "Longest chunk, in the embedding model's tokens (the model reads 256; the title and section are put "
            + "before each chunk when it is embedded).", ValueParser.intRange(16, 256));
    public static final ConfigKey<Integer> RAG_CHUNK_OVERLAP_TOKENS = new ConfigKey<>("rag.chunk.overlapTokens",
            "32", "Tokens of whole sentences a chunk repeats from the one before it within a section; less than half "
            + "of rag.chunk.maxTokens.", ValueParser.intRange(0, 127));
    public static final ConfigKey<Integer> RAG_EMBEDDING_THREADS = new ConfigKey<>("rag.embedding.threads", "0",
            "Threads of the embedding pool (0: one per core).", ValueParser.intRange(0, 256));
    public static final ConfigKey<Integer> RAG_EMBEDDING_QUEUE = new ConfigKey<>("rag.embedding.queue", "1024",
            "Embedding batches that may wait for a thread; beyond that requests get 503.",
            ValueParser.intRange(1, 1_000_000));
    public static final ConfigKey<Long> RAG_MAX_DOCUMENT_BYTES = new ConfigKey<>("rag.maxDocumentBytes", "32m",
            "Largest document accepted by POST /v1/documents; larger ones get 413.",
            ValueParser.byteSize(1L << 10, 1L << 30));
    public static final ConfigKey<Long> RAG_ASYNC_THRESHOLD = new ConfigKey<>("rag.asyncThresholdBytes", "1m",
            "Documents larger than this are ingested as a background job (202 and a job id).",
            ValueParser.byteSize(1L << 10, 1L << 30));
    public static final ConfigKey<Integer> RAG_RESULT_CACHE_ENTRIES = new ConfigKey<>("rag.resultCache.entries",
            "10000", "Search answers kept per edge for repeated queries (0: no cache).",
            ValueParser.intRange(0, 10_000_000));
    public static final ConfigKey<Duration> RAG_RESULT_CACHE_TTL = new ConfigKey<>("rag.resultCache.ttl", "60s",
            "Longest time a cached search answer is served (any document or policy change ends it at once).",
            ValueParser.duration(Duration.ofSeconds(1), Duration.ofDays(1)));

    public static final ConfigKey<String> RAG_EMBEDDING_URL = new ConfigKey<>("rag.embedding.url", "",
            "OpenAI-compatible embeddings endpoint (e.g. https://host/v1/embeddings) used instead of the in-process "
            + "model; empty keeps embeddings in process. Changing it needs documents re-ingested.",
            ValueParser.optionalHttpUrl());
    public static final ConfigKey<String> RAG_EMBEDDING_MODEL = new ConfigKey<>("rag.embedding.model", "",
            "Model name sent to the embeddings endpoint.", ValueParser.optionalModelName());
    public static final ConfigKey<String> RAG_EMBEDDING_API_KEY = ConfigKey.secret("rag.embedding.apiKey",
            "Bearer key for the embeddings endpoint (never logged).", ValueParser.optionalSecret(1));
    public static final ConfigKey<Integer> RAG_EMBEDDING_DIMENSIONS = new ConfigKey<>("rag.embedding.dimensions",
            "384", "Length of the vectors (384 for the in-process all-MiniLM-L6-v2; the endpoint's model otherwise).",
            ValueParser.intRange(8, 8192));
    public static final ConfigKey<Boolean> MCP_FIXTURES = new ConfigKey<>("mcp.fixtures", "false",
            "Test mode for the official MCP conformance suite: adds its fixture tools, resources and prompts and lets "
            + "/mcp be called without credentials. Never in production.", ValueParser.bool());
    public static final ConfigKey<Integer> MCP_MAX_SESSIONS = new ConfigKey<>("mcp.maxSessions", "10000",
            "Open MCP sessions the cluster keeps; beyond that initialize gets 503 with Retry-After.",
            ValueParser.intRange(1, 10_000_000));
    public static final ConfigKey<Integer> MCP_MAX_CONCURRENT_REQUESTS = new ConfigKey<>(
            "mcp.maxConcurrentRequests", "1024", "MCP requests one edge works on at once; beyond that a request "
            + "gets 503 with Retry-After, never a stall.", ValueParser.intRange(1, 1_000_000));
    public static final ConfigKey<String> WORKFLOW_DURABILITY = new ConfigKey<>("workflow.durability", "sync",
            "When a run's progress is committed unless the run asks otherwise: sync (every step and finished task "
            + "before going on), async (in order, in the background) or exit (only where the run ends).",
            ValueParser.oneOf("sync", "async", "exit"));
    public static final ConfigKey<Duration> WORKFLOW_LEASE_TIMEOUT = new ConfigKey<>("workflow.leaseTimeout", "15s",
            "A run's lease: renewed while its node lives; once it lapses (or the node leaves the cluster) another "
            + "node resumes the run from its last checkpoint.", ValueParser.duration(Duration.ofSeconds(3),
            Duration.ofMinutes(10)));
    public static final ConfigKey<Long> WORKFLOW_MAX_STATE_BYTES = new ConfigKey<>("workflow.maxStateBytes", "10m",
            "Largest state a thread may hold (its JSON form); a run whose step would exceed it fails, larger input "
            + "gets 413.", ValueParser.byteSize(1L << 10, 1L << 30));
    public static final ConfigKey<String> WORKFLOW_LLM_URL = new ConfigKey<>("workflow.llm.url", "",
            "OpenAI-compatible chat-completions endpoint for llm.chat nodes; empty: llm.chat nodes fail with a clear "
            + "error.", ValueParser.optionalHttpUrl());
    public static final ConfigKey<String> WORKFLOW_LLM_MODEL = new ConfigKey<>("workflow.llm.model", "",
            "Model name sent by llm.chat nodes that do not name one.", ValueParser.optionalModelName());
    public static final ConfigKey<String> WORKFLOW_LLM_API_KEY = ConfigKey.secret("workflow.llm.apiKey",
            "Bearer key for the llm.chat endpoint (never logged).", ValueParser.optionalSecret(1));
    public static final ConfigKey<Duration> WORKFLOW_LLM_TIMEOUT = new ConfigKey<>("workflow.llm.timeout", "60s",
            "Longest wait for one llm.chat answer (a node's timeoutMs and retry apply on top).",
            ValueParser.duration(Duration.ofMillis(100), Duration.ofMinutes(10)));

    public static final ConfigKey<String> RAG_GENERATION_URL = new ConfigKey<>("rag.generation.url", "",
            "OpenAI-compatible chat-completions endpoint that writes answers from the retrieved passages; empty: "
            + "answers are extractive (quoted sentences).", ValueParser.optionalHttpUrl());
    public static final ConfigKey<String> RAG_GENERATION_MODEL = new ConfigKey<>("rag.generation.model", "",
            "Model name sent to the answer endpoint.", ValueParser.optionalModelName());
    public static final ConfigKey<String> RAG_GENERATION_API_KEY = ConfigKey.secret("rag.generation.apiKey",
            "Bearer key for the answer endpoint (never logged).", ValueParser.optionalSecret(1));
    public static final ConfigKey<Duration> RAG_GENERATION_TIMEOUT = new ConfigKey<>("rag.generation.timeout",
            "20s", "Longest wait for a generated answer before the extractive answer is given instead.",
            ValueParser.duration(Duration.ofMillis(100), Duration.ofMinutes(5)));

    /** All keys, in the order their defaults are resolved (a default may refer only to keys before it). */
    public static final List<ConfigKey<?>> ALL = List.of(
            NODE_PORT_OFFSET, NODE_INSTANCE_NAME, NODE_CONSISTENT_ID, NODE_HOST,
            DISCOVERY_PORT, DISCOVERY_ADDRESSES, COMMUNICATION_PORT,
            CLIENT_CONNECTOR_ENABLED, CLIENT_CONNECTOR_PORT,
            SQL_DEFAULT_ENGINE, SQL_RESULT_CACHE_ENABLED, SQL_RESULT_CACHE_TTL, SQL_RESULT_CACHE_MAX_ROWS,
            STORAGE_PERSISTENCE, STORAGE_DATA_DIR, STORAGE_DATA_REGION_SIZE, STORAGE_WAL_MODE,
            STORAGE_WAL_SEGMENT_SIZE,
            CLIENT_CONNECTOR_AUTHENTICATION, CLIENT_CONNECTOR_PASSWORD,
            CLUSTER_ACTIVATE_ON_FIRST_START, CLUSTER_BASELINE_AUTO_ADJUST, CLUSTER_BASELINE_AUTO_ADJUST_TIMEOUT,
            CLUSTER_BACKUPS,
            DEMO_ENABLED, DEMO_ORDERS,
            EDGE_HOST, EDGE_PORT, EDGE_BODY_LIMIT, EDGE_SHUTDOWN_TIMEOUT,
            ADMIN_KEY, AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY, AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE, AUTH_ROLE_HIERARCHY,
            AUDIT_QUEUE_CAPACITY, AUDIT_FLUSH_INTERVAL,
            RATE_LIMIT_PER_MINUTE, RATE_LIMIT_BURST, RATE_LIMIT_ROLES,
            GOVERNANCE_REQUIRED_APPROVALS,
            NL2SQL_SEMANTIC_DIR, NL2SQL_LLM_URL, NL2SQL_LLM_MODEL, NL2SQL_LLM_API_KEY, NL2SQL_LLM_TIMEOUT,
            RAG_CHUNK_MAX_TOKENS, RAG_CHUNK_OVERLAP_TOKENS, RAG_EMBEDDING_THREADS, RAG_EMBEDDING_QUEUE,
            RAG_MAX_DOCUMENT_BYTES, RAG_ASYNC_THRESHOLD, RAG_RESULT_CACHE_ENTRIES, RAG_RESULT_CACHE_TTL,
            RAG_EMBEDDING_URL, RAG_EMBEDDING_MODEL, RAG_EMBEDDING_API_KEY, RAG_EMBEDDING_DIMENSIONS,
            RAG_GENERATION_URL, RAG_GENERATION_MODEL, RAG_GENERATION_API_KEY, RAG_GENERATION_TIMEOUT,
            WORKFLOW_DURABILITY, WORKFLOW_LEASE_TIMEOUT, WORKFLOW_MAX_STATE_BYTES, WORKFLOW_LLM_URL,
            WORKFLOW_LLM_MODEL, WORKFLOW_LLM_API_KEY, WORKFLOW_LLM_TIMEOUT, MCP_FIXTURES,
            MCP_MAX_SESSIONS, MCP_MAX_CONCURRENT_REQUESTS);

    private ConfigKeys() {
    }
}
