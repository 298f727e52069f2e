package io.lalo.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * API keys, kept in the grid as hashes only. A key is {@code lalo_} followed by 32 random bytes (base64url); the
 * grid stores its SHA-256, keyed by the first 16 hex digits of that hash, so authenticating a presented key is one
 * replicated-cache read and a constant-time comparison. A slow password hash is not needed: the keys carry 256
 * bits of entropy, so there is nothing to brute-force.
 */
public final class ApiKeyStore {

    static final String CACHE = "lalo_api_keys";
    static final String PREFIX = "lalo_";
    private static final int KEY_BYTES = 32;

    private final Ignite ignite;
    private final IgniteCache<String, String> cache;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public ApiKeyStore(Ignite ignite, Clock clock) {
        this.ignite = ignite;
        // FULL_SYNC: a key created or revoked on one node is seen by the very next read on any other node.
        this.cache = ignite.getOrCreateCache(new CacheConfiguration<String, String>(CACHE)
                .setCacheMode(CacheMode.REPLICATED)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC));
        this.clock = clock;
    }

    /** Creates a new random key acting as {@code principal}. */
    public NewApiKey create(String name, Principal principal, String createdBy) {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return register(key, name, principal, createdBy);
    }

    /**
     * Records a key chosen elsewhere (an operator's {@code LALO_ADMIN_KEY}). Registering the same key again keeps
     * the first record, so restarts with the same environment are idempotent.
     */
    public NewApiKey register(String key, String name, Principal principal, String createdBy) {
        String hash = hash(key);
        ApiKeyInfo info = new ApiKeyInfo(idOf(hash), name, principal, hash, clock.instant(), createdBy, null, null);
        String previous = cache.getAndPutIfAbsent(info.id(), write(info));
        return new NewApiKey(previous == null ? info : read(previous), key);
    }

    /** The key's record when it is known and not revoked; never fails for a malformed key, just finds nothing. */
    public CompletableFuture<Optional<ApiKeyInfo>> authenticate(String presented) {
        if (presented == null || presented.length() < 16 || presented.length() > 512) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String hash = hash(presented);
        CompletableFuture<Optional<ApiKeyInfo>> result = new CompletableFuture<>();
        cache.getAsync(idOf(hash)).listen(future -> {
            try {
                String stored = future.get();
                Optional<ApiKeyInfo> info = Optional.ofNullable(stored).map(this::read)
                        .filter(candidate -> MessageDigest.isEqual(
                                candidate.hash().getBytes(StandardCharsets.US_ASCII),
                                hash.getBytes(StandardCharsets.US_ASCII)))
                        .filter(candidate -> !candidate.revoked());
                result.complete(info);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Every key ever created, newest first, revoked ones included. The scan runs on a node that holds the
     * replicated data: a server node outside the baseline (just joined, before auto-adjust) holds none, and a scan
     * there would wrongly find nothing.
     */
    public List<ApiKeyInfo> list() {
        Affinity<String> affinity = ignite.affinity(CACHE);
        ClusterNode local = ignite.cluster().localNode();
        Collection<String> stored = affinity.allPartitions(local).length > 0
                ? new LocalScan(CACHE, ignite).call()
                : ignite.compute(ignite.cluster().forNode(affinity.mapPartitionToNode(0)))
                        .call(new LocalScan(CACHE, null));
        List<ApiKeyInfo> keys = new ArrayList<>();
        stored.forEach(text -> keys.add(read(text)));
        keys.sort(Comparator.comparing(ApiKeyInfo::createdAt).reversed().thenComparing(ApiKeyInfo::id));
        return keys;
    }

    /** Reads every value of a cache on the node it runs on. */
    private static final class LocalScan implements IgniteCallable<Collection<String>> {
        private static final long serialVersionUID = 1L;

        private final String cacheName;

        /** Injected by Ignite where the task runs remotely; given directly for a local run. */
        @IgniteInstanceResource
        private transient Ignite local;

        LocalScan(String cacheName, Ignite local) {
            this.cacheName = cacheName;
            this.local = local;
        }

        @Override
        public Collection<String> call() {
            List<String> values = new ArrayList<>();
            IgniteCache<String, String> cache = local.cache(cacheName);
            try (QueryCursor<Cache.Entry<String, String>> cursor = cache.query(
                    new ScanQuery<String, String>().setLocal(true))) {
                cursor.forEach(entry -> values.add(entry.getValue()));
            }
            return values;
        }
    }

    public Optional<ApiKeyInfo> get(String id) {
        return Optional.ofNullable(cache.get(id)).map(this::read);
    }

    /** Revokes a key; it stops authenticating at once on every node. Empty when there is no such key. */
    public Optional<ApiKeyInfo> revoke(String id, String revokedBy) {
        while (true) {
            String stored = cache.get(id);
            if (stored == null) {
                return Optional.empty();
            }
            ApiKeyInfo current = read(stored);
            if (current.revoked()) {
                return Optional.of(current);
            }
            ApiKeyInfo revoked = current.revoke(clock.instant(), revokedBy);
            if (cache.replace(id, stored, write(revoked))) {
                return Optional.of(revoked);
            }
        }
    }

    static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    static String idOf(String hash) {
        return hash.substring(0, 16);
    }

    private String write(ApiKeyInfo info) {
        try {
            return json.writeValueAsString(info);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ApiKeyInfo read(String text) {
        try {
            return json.readValue(text, ApiKeyInfo.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable API key record", e);
        }
    }
}
