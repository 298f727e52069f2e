package io.lalo.sql.cache;

import io.lalo.config.LaloConfig;
import io.lalo.grid.JavaForm;
import io.lalo.grid.internal.IgniteConfigurationFactory;
import io.lalo.sql.execute.SqlResult;
import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * Query results held in the grid, so every edge serves a repeated question from memory. The key is a digest of the
 * statement <em>as governance rewrote it for the caller</em> — masks, column denials and row filters with the
 * caller's attributes are part of its text, so two callers share an entry only when the same rules apply to them —
 * plus the parameters and the row cap. Entries expire after the configured TTL and are ignored as soon as a table
 * they were computed from changes ({@link TableVersions}).
 */
public final class ResultCache {

    static final String CACHE = "lalo_sql_results";

    private final LaloConfig.ResultCache config;
    private final IgniteCache<String, byte[]> results;
    private final TableVersions versions;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public ResultCache(Ignite ignite, LaloConfig.ResultCache config, TableVersions versions) {
        this.config = config;
        this.versions = versions;
        this.results = ignite.getOrCreateCache(new CacheConfiguration<String, byte[]>(CACHE)
                .setCacheMode(CacheMode.PARTITIONED)
                .setBackups(0)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setDataRegionName(IgniteConfigurationFactory.VOLATILE_REGION)
                .setEagerTtl(true))
                .withExpiryPolicy(new CreatedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS,
                        config.ttl().toMillis())));
    }

    /** What a lookup found, and the table counters to store a freshly computed result under on a miss. */
    public record Lookup(Optional<SqlResult> result, String key, Map<String, Long> versions) {
    }

    /**
     * Looks up the result of {@code governedSql}; on a miss the returned counters were read before the caller runs
     * the statement, so a write racing with it makes the stored result stale rather than wrong.
     */
    public Lookup lookup(String governedSql, List<Object> params, int maxRows, Set<String> tables) {
        String key = key(governedSql, params, maxRows);
        Map<String, Long> current = versions.current(tables);
        byte[] stored = results.get(key);
        if (stored != null) {
            Entry entry = decode(stored);
            if (entry != null && entry.versions().equals(current)) {
                hits.increment();
                return new Lookup(Optional.of(entry.result()), key, current);
            }
        }
        misses.increment();
        return new Lookup(Optional.empty(), key, current);
    }

    /** Stores a result computed after {@code lookup} missed, unless it is larger than entries may be. */
    public void store(Lookup lookup, SqlResult result) {
        if (result.rows().size() <= config.maxRows()) {
            results.put(lookup.key(), encode(new Entry(lookup.versions(), result)));
        }
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** The share of lookups this process answered from the cache so far (0 before any lookup). */
    public double hitRatio() {
        long found = hits.sum();
        long total = found + misses.sum();
        return total == 0 ? 0.0 : (double) found / total;
    }

    static String key(String sql, List<Object> params, int maxRows) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(sql.strip().getBytes(StandardCharsets.UTF_8));
            for (Object param : params) {
                // The type is part of the key: 1 and '1' may select different rows.
                digest.update((byte) 0);
                digest.update(String.valueOf(param == null ? "null" : param.getClass().getName() + ":" + param)
                        .getBytes(StandardCharsets.UTF_8));
            }
            digest.update((byte) 1);
            digest.update(Integer.toString(maxRows).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Only JDK value types and LALO's result types are ever read back, whatever bytes the cache holds. */
    private static final ObjectInputFilter ONLY_RESULT_CLASSES = JavaForm.allowing("io.lalo.sql.**");

    private record Entry(Map<String, Long> versions, SqlResult result) implements Serializable {
    }

    private static byte[] encode(Entry entry) {
        return JavaForm.encode(entry);
    }

    /** The entry, or null when it cannot be read (written by another LALO version): treated as a miss. */
    private static Entry decode(byte[] stored) {
        return JavaForm.decode(stored, Entry.class, ONLY_RESULT_CLASSES).orElse(null);
    }
}
