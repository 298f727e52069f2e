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

    /** Opens a cursor over {@code query}'s result; the caller closes it. */
    public static FieldsQueryCursor<List<?>> query(Ignite ignite, SqlFieldsQuery query) {
        IgniteCache<Object, Object> cache = ignite.getOrCreateCache(new CacheConfiguration<>(CACHE));
        return cache.query(query);
    }

    /** Runs {@code query} and returns all its rows. */
    public static List<List<?>> rows(Ignite ignite, SqlFieldsQuery query) {
        try (FieldsQueryCursor<List<?>> cursor = query(ignite, query)) {
            return cursor.getAll();
        }
    }
}
