package io.lalo.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteBinary;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.QueryEntity;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * The foreign keys recorded in the grid, readable with SQL as {@code LALO.FOREIGN_KEYS} (so JDBC users and the
 * catalog see the same relations). Replicated: every node can read it locally.
 */
public final class ForeignKeyRegistry {

    /** SQL schema of LALO's own metadata tables. */
    public static final String SCHEMA = "LALO";
    public static final String TABLE = "FOREIGN_KEYS";
    static final String CACHE = "lalo_foreign_keys";

    private static final String ROW_TYPE = "io.lalo.schema.ForeignKeyRow";

    private final IgniteCache<Object, Object> cache;
    private final IgniteBinary binary;

    public ForeignKeyRegistry(Ignite ignite) {
        this.cache = ignite.getOrCreateCache(cacheConfiguration());
        this.binary = ignite.binary();
    }

    private static CacheConfiguration<Object, Object> cacheConfiguration() {
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        fields.put("NAME", String.class.getName());
        fields.put("FK_TABLE", String.class.getName());
        fields.put("FK_COLUMN", String.class.getName());
        fields.put("PK_TABLE", String.class.getName());
        fields.put("PK_COLUMN", String.class.getName());
        QueryEntity entity = new QueryEntity(String.class.getName(), ROW_TYPE)
                .setTableName(TABLE)
                .setKeyFieldName("NAME")
                .setFields(fields);
        return new CacheConfiguration<>(CACHE)
                .setCacheMode(CacheMode.REPLICATED)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setSqlSchema(SCHEMA)
                .setQueryEntities(List.of(entity));
    }

    /** Records (or replaces) a relation. */
    public void register(ForeignKey fk) {
        BinaryObject row = binary.builder(ROW_TYPE)
                .setField("FK_TABLE", fk.table())
                .setField("FK_COLUMN", fk.column())
                .setField("PK_TABLE", fk.referencedTable())
                .setField("PK_COLUMN", fk.referencedColumn())
                .build();
        cache.withKeepBinary().put(fk.name(), row);
    }

    /** Every recorded relation, ordered by name. */
    public List<ForeignKey> list() {
        List<ForeignKey> result = new ArrayList<>();
        for (List<?> row : cache.query(new SqlFieldsQuery("SELECT NAME, FK_TABLE, FK_COLUMN, PK_TABLE, PK_COLUMN FROM "
                + SCHEMA + "." + TABLE + " ORDER BY NAME")).getAll()) {
            result.add(new ForeignKey((String) row.get(0), (String) row.get(1), (String) row.get(2),
                    (String) row.get(3), (String) row.get(4)));
        }
        return result;
    }
}
