package io.lalo.demo;

import io.lalo.config.LaloConfig;
import io.lalo.grid.ClusterMeta;
import io.lalo.grid.GridSql;
import io.lalo.schema.ForeignKeyRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteDataStreamer;
import org.apache.ignite.binary.BinaryObjectBuilder;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and fills the retail demo schema once per cluster. A marker in {@link ClusterMeta}
 * records that the load happened, so restarts and further nodes skip it; a node claims the load before starting,
 * so two nodes starting together never both load. Keys are deterministic, so even a load interrupted by a crash
 * and redone by another node cannot duplicate a row.
 */
public final class DemoData {

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    static final String MARKER = "demo.retail";
    private static final String LOADED = "loaded";
    private static final String LOADING = "loading:";

    private final Ignite ignite;
    private final LaloConfig config;

    public DemoData(Ignite ignite, LaloConfig config) {
        this.ignite = ignite;
        this.config = config;
    }

    /** Loads the demo data unless this cluster already has it (or another live node is loading it). */
    public boolean loadIfAbsent() {
        IgniteCache<String, String> meta = ClusterMeta.cache(ignite);
        String claim = LOADING + ignite.cluster().localNode().id();
        String previous = meta.getAndPutIfAbsent(MARKER, claim);
        if (previous != null) {
            if (previous.startsWith(LOADED)) {
                LOG.debug("Demo data already present");
                return false;
            }
            UUID loader = UUID.fromString(previous.substring(LOADING.length()));
            if (ignite.cluster().node(loader) != null || !meta.replace(MARKER, previous, claim)) {
                LOG.info("Demo data is being loaded by node {}", loader);
                return false;
            }
        }
        long started = System.nanoTime();
        int rows = load();
        meta.put(MARKER, LOADED + ":orders=" + config.demo().orders());
        LOG.info("Demo data loaded: {} rows in {} ms", rows, (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    private int load() {
        for (String ddl : DemoSchema.ddl(config.cluster().backups())) {
            GridSql.rows(ignite, new SqlFieldsQuery(ddl).setSchema("PUBLIC"));
        }
        ForeignKeyRegistry registry = new ForeignKeyRegistry(ignite);
        DemoSchema.FOREIGN_KEYS.forEach(registry::register);

        Map<String, IgniteDataStreamer<Object, Object>> streamers = new HashMap<>();
        int[] count = {0};
        try {
            for (String table : DemoSchema.TABLES) {
                IgniteDataStreamer<Object, Object> streamer = ignite.dataStreamer(table);
                streamer.keepBinary(true);
                streamers.put(table, streamer);
            }
            new DemoGenerator(config.demo().orders()).generate(row -> {
                streamers.get(row.table()).addData(key(row), value(row));
                count[0]++;
            });
        } finally {
            streamers.values().forEach(IgniteDataStreamer::close);
        }
        return count[0];
    }

    private Object key(DemoRow row) {
        if (row.key().size() == 1) {
            return row.key().values().iterator().next();
        }
        BinaryObjectBuilder builder = ignite.binary().builder(DemoSchema.ORDER_LINE_KEY_TYPE);
        row.key().forEach(builder::setField);
        return builder.build();
    }

    private Object value(DemoRow row) {
        BinaryObjectBuilder builder = ignite.binary().builder(DemoSchema.valueType(row.table()));
        row.value().forEach((column, value) -> {
            if (value != null) {
                builder.setField(column, value);
            }
        });
        return builder.build();
    }
}
