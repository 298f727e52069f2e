package io.lalo.audit;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.binary.BinaryObjectBuilder;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.QueryEntity;
import org.apache.ignite.cache.QueryIndex;
import org.apache.ignite.cache.QueryIndexType;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * Where audit events live: the persistent, partitioned cache {@code lalo_audit}, readable with SQL as
 * {@code LALO.AUDIT_EVENTS} (indexed by time and by principal), and the replicated {@code lalo_audit_heads} that
 * records the last sequence number and hash of every chain.
 */
final class AuditTables {

    static final String EVENTS = "lalo_audit";
    static final String HEADS = "lalo_audit_heads";
    static final String SCHEMA = "LALO";
    static final String TABLE = "AUDIT_EVENTS";
    static final String ROW_TYPE = "io.lalo.audit.AuditEventRow";

    private AuditTables() {
    }

    static IgniteCache<String, BinaryObject> events(Ignite ignite, int backups) {
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        fields.put("CHAIN", String.class.getName());
        fields.put("SEQ", Long.class.getName());
        fields.put("TS", Timestamp.class.getName());
        fields.put("PRINCIPAL", String.class.getName());
        fields.put("TENANT", String.class.getName());
        fields.put("ACTION", String.class.getName());
        fields.put("RESOURCE", String.class.getName());
        fields.put("OUTCOME", String.class.getName());
        fields.put("POLICY_IDS", String.class.getName());
        fields.put("REQUEST_ID", String.class.getName());
        fields.put("REASON", String.class.getName());
        fields.put("REDACTED", Boolean.class.getName());
        fields.put("PREV_HASH", String.class.getName());
        fields.put("HASH", String.class.getName());
        QueryEntity entity = new QueryEntity(String.class.getName(), ROW_TYPE)
                .setTableName(TABLE)
                .setKeyFieldName("EVENT_KEY")
                .addQueryField("EVENT_KEY", String.class.getName(), null)
                .setIndexes(List.of(new QueryIndex("TS"),
                        new QueryIndex(List.of("PRINCIPAL", "TS"), QueryIndexType.SORTED),
                        new QueryIndex(List.of("ACTION", "TS"), QueryIndexType.SORTED)));
        fields.forEach((name, type) -> entity.addQueryField(name, type, null));
        CacheConfiguration<String, BinaryObject> cfg = new CacheConfiguration<String, BinaryObject>(EVENTS)
                .setCacheMode(CacheMode.PARTITIONED)
                .setBackups(backups)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setSqlSchema(SCHEMA)
                .setQueryEntities(List.of(entity));
        return ignite.getOrCreateCache(cfg).withKeepBinary();
    }

    static IgniteCache<String, String> heads(Ignite ignite) {
        return ignite.getOrCreateCache(new CacheConfiguration<String, String>(HEADS)
                .setCacheMode(CacheMode.REPLICATED)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC));
    }

    static String key(String chain, long seq) {
        return chain + "/" + String.format("%019d", seq);
    }

    static BinaryObject toRow(Ignite ignite, AuditEvent event) {
        BinaryObjectBuilder row = ignite.binary().builder(ROW_TYPE);
        row.setField("CHAIN", event.chain());
        row.setField("SEQ", event.seq());
        row.setField("TS", Timestamp.from(event.time()));
        row.setField("PRINCIPAL", event.principal());
        row.setField("TENANT", event.tenant());
        row.setField("ACTION", event.action());
        row.setField("RESOURCE", event.resource());
        row.setField("OUTCOME", event.outcome());
        row.setField("POLICY_IDS", String.join(",", event.policyIds()));
        row.setField("REQUEST_ID", event.requestId());
        row.setField("REASON", event.reason());
        row.setField("REDACTED", event.redacted());
        row.setField("PREV_HASH", event.prevHash());
        row.setField("HASH", event.hash());
        return row.build();
    }

    static AuditEvent fromRow(BinaryObject row) {
        String policies = row.field("POLICY_IDS");
        Timestamp ts = row.field("TS");
        return new AuditEvent(row.field("CHAIN"), row.<Long>field("SEQ"), ts.toInstant(), row.field("PRINCIPAL"),
                row.field("TENANT"), row.field("ACTION"), row.field("RESOURCE"), row.field("OUTCOME"),
                policies == null || policies.isEmpty() ? List.of() : List.of(policies.split(",")),
                row.field("REQUEST_ID"), row.field("REASON"), Boolean.TRUE.equals(row.field("REDACTED")),
                row.field("PREV_HASH"), row.field("HASH"));
    }
}
