package io.lalo.governance;

import io.lalo.json.JsonRecords;
import io.lalo.grid.ReplicatedCaches;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
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

    /** Every key ever created, newest first, revoked ones included. */
    public List<ApiKeyInfo> list() {
        List<ApiKeyInfo> keys = new ArrayList<>();
        ReplicatedCaches.<String>values(ignite, CACHE).forEach(text -> keys.add(read(text)));
        keys.sort(Comparator.comparing(ApiKeyInfo::createdAt).reversed().thenComparing(ApiKeyInfo::id));
        return keys;
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
        return io.lalo.digest.Sha256.hex(key);
    }

    static String idOf(String hash) {
        return hash.substring(0, 16);
    }

    private static String write(ApiKeyInfo info) {
        return JsonRecords.write(info);
    }

    private ApiKeyInfo read(String text) {
        return JsonRecords.read(text, ApiKeyInfo.class);
    }
}
