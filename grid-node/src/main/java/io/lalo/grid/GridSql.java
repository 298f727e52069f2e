package io.lalo.grid;

import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.FieldsQueryCursor;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * Runs SQL on the grid from Java. Ignite 2 issues SQL through a cache handle even when the statement has nothing
 * to do with that cache; this is the one empty cache LALO uses for it, instead of one per caller.
 */
public final class GridSql {

    static final String CACHE = "lalo_sql";

    private GridSql() {
    }

    /** How long the first use waits while the cluster changes state (a node joined: the baseline follows). */
    static final long STATE_CHANGE_WAIT_MILLIS = 15_000;

    /** Opens a cursor over {@code query}'s result; the caller closes it. */
    public static FieldsQueryCursor<List<?>> query(Ignite ignite, SqlFieldsQuery query) {
        return handle(ignite).query(query);
    }

    /**
     * The cache SQL is issued through. Ignite refuses to create a cache while the cluster changes state (right
     * after a node joins, until the baseline has followed); the first use then waits for the change to end rather
     * than fail the statement.
     */
    private static IgniteCache<Object, Object> handle(Ignite ignite) {
        long giveUpAt = System.currentTimeMillis() + STATE_CHANGE_WAIT_MILLIS;
        while (true) {
            try {
                IgniteCache<Object, Object> existing = ignite.cache(CACHE);
                return existing != null ? existing : ignite.getOrCreateCache(new CacheConfiguration<>(CACHE));
            } catch (javax.cache.CacheException e) {
                boolean changing = String.valueOf(e.getMessage()).contains("cluster state change is in progress");
                if (!changing || System.currentTimeMillis() > giveUpAt) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Runs {@code query} and returns all its rows. */
    public static List<List<?>> rows(Ignite ignite, SqlFieldsQuery query) {
        try (FieldsQueryCursor<List<?>> cursor = query(ignite, query)) {
            return cursor.getAll();
        }
    }
}
