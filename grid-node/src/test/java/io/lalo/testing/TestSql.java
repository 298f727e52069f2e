package io.lalo.testing;

import io.lalo.grid.GridSql;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.query.SqlFieldsQuery;

/** Runs SQL on a node through the Java API, in schema PUBLIC, for tests that set up or check tables. */
public final class TestSql {

    private TestSql() {
    }

    public static List<List<?>> rows(Ignite ignite, String sql, Object... args) {
        return GridSql.rows(ignite, new SqlFieldsQuery(sql).setSchema("PUBLIC").setArgs(args));
    }

    public static long count(Ignite ignite, String table) {
        return ((Number) rows(ignite, "SELECT COUNT(*) FROM " + table).get(0).get(0)).longValue();
    }
}
