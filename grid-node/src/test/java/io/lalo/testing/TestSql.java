package io.lalo.testing;

import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.apache.ignite.configuration.CacheConfiguration;

/** Runs SQL on a node through the Java API, in schema PUBLIC, for tests that set up or check tables. */
public final class TestSql {

    private static final String SCRATCH_CACHE = "test_scratch";

    private TestSql() {
    }

    public static List<List<?>> rows(Ignite ignite, String sql, Object... args) {
        return ignite.getOrCreateCache(new CacheConfiguration<>(SCRATCH_CACHE))
                .query(new SqlFieldsQuery(sql).setSchema("PUBLIC").setArgs(args))
                .getAll();
    }

    public static long count(Ignite ignite, String table) {
        return ((Number) rows(ignite, "SELECT COUNT(*) FROM " + table).get(0).get(0)).longValue();
    }
}
