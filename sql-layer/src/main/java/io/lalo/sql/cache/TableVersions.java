package io.lalo.sql.cache;

import io.lalo.grid.internal.IgniteConfigurationFactory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.cache.processor.MutableEntry;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheEntryProcessor;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * A change counter per table, shared by the cluster: every write through LALO (DML on a table; any DDL, which may
 * change every table's shape, bumps {@link #ANY_TABLE}) increments it, and a cached result remembers the counters
 * it was computed under. A result whose counters moved is stale. Kept in memory: after a full restart the result
 * cache is empty too, so counters starting again from zero cannot validate an old result.
 */
public final class TableVersions {

    /** The counter DDL bumps: every cached result depends on it. */
    public static final String ANY_TABLE = "*";

    static final String CACHE = "lalo_table_versions";

    private final IgniteCache<String, Long> versions;

    public TableVersions(Ignite ignite) {
        this.versions = ignite.getOrCreateCache(new CacheConfiguration<String, Long>(CACHE)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setDataRegionName(IgniteConfigurationFactory.VOLATILE_REGION));
    }

    /** The current counters of {@code tables} and of {@link #ANY_TABLE} (absent counters read as 0). */
    public Map<String, Long> current(Set<String> tables) {
        Set<String> keys = new HashSet<>();
        tables.forEach(table -> keys.add(table.toUpperCase(Locale.ROOT)));
        keys.add(ANY_TABLE);
        Map<String, Long> found = versions.getAll(keys);
        Map<String, Long> result = new HashMap<>();
        for (String key : keys) {
            result.put(key, found.getOrDefault(key, 0L));
        }
        return result;
    }

    /** Marks {@code table} changed: results computed from it before now are stale. */
    public void bump(String table) {
        versions.invoke(table.toUpperCase(Locale.ROOT), new Increment());
    }

    private static final class Increment implements CacheEntryProcessor<String, Long, Void> {
        private static final long serialVersionUID = 1L;

        @Override
        public Void process(MutableEntry<String, Long> entry, Object... arguments) {
            Long current = entry.getValue();
            entry.setValue(current == null ? 1L : current + 1);
            return null;
        }
    }
}
