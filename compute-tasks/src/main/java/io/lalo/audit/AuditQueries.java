package io.lalo.audit;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.query.SqlFieldsQuery;

/**
 * Reads the audit trail with SQL over {@code LALO.AUDIT_EVENTS}: filtered, paged search newest first, and the
 * compliance report's aggregates, computed where the events are.
 */
public final class AuditQueries {

    private static final String COLUMNS = "CHAIN, SEQ, TS, PRINCIPAL, TENANT, ACTION, RESOURCE, OUTCOME, "
            + "POLICY_IDS, REQUEST_ID, REASON, REDACTED, PREV_HASH, HASH";
    private static final String TABLE = AuditTables.SCHEMA + "." + AuditTables.TABLE;
    static final String DEFAULT_DENY = "(default deny)";

    private final IgniteCache<String, BinaryObject> events;

    public AuditQueries(Ignite ignite, int backups) {
        this.events = AuditTables.events(ignite, backups);
    }

    /** Events matching {@code filter}, newest first, {@code limit} from {@code offset}. */
    public List<AuditEvent> search(AuditFilter filter, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE TS >= ? AND TS < ?");
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(filter.from()), Timestamp.from(filter.to())));
        if (filter.principal() != null) {
            sql.append(" AND PRINCIPAL = ?");
            args.add(filter.principal());
        }
        if (filter.action() != null) {
            sql.append(" AND ACTION = ?");
            args.add(filter.action());
        }
        if (filter.outcome() != null) {
            sql.append(" AND OUTCOME = ?");
            args.add(filter.outcome());
        }
        sql.append(" ORDER BY TS DESC, CHAIN, SEQ DESC LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        List<AuditEvent> found = new ArrayList<>();
        for (List<?> row : query(sql.toString(), args.toArray())) {
            String policies = (String) row.get(8);
            found.add(new AuditEvent((String) row.get(0), ((Number) row.get(1)).longValue(),
                    ((Timestamp) row.get(2)).toInstant(), (String) row.get(3), (String) row.get(4),
                    (String) row.get(5), (String) row.get(6), (String) row.get(7),
                    policies == null || policies.isEmpty() ? List.of() : List.of(policies.split(",")),
                    (String) row.get(9), (String) row.get(10), Boolean.TRUE.equals(row.get(11)),
                    (String) row.get(12), (String) row.get(13)));
        }
        return found;
    }

    public ComplianceReport report(java.time.Instant from, java.time.Instant to) {
        Object[] range = {Timestamp.from(from), Timestamp.from(to)};
        String where = " FROM " + TABLE + " WHERE TS >= ? AND TS < ?";
        long total = count(query("SELECT COUNT(*)" + where, range));
        List<ComplianceReport.PrincipalOutcome> byPrincipal = new ArrayList<>();
        for (List<?> row : query("SELECT PRINCIPAL, OUTCOME, COUNT(*)" + where
                + " GROUP BY PRINCIPAL, OUTCOME ORDER BY PRINCIPAL, OUTCOME", range)) {
            byPrincipal.add(new ComplianceReport.PrincipalOutcome((String) row.get(0), (String) row.get(1),
                    ((Number) row.get(2)).longValue()));
        }
        List<ComplianceReport.PolicyDenials> denials = new ArrayList<>();
        for (List<?> row : query("SELECT POLICY_IDS, COUNT(*)" + where + " AND OUTCOME = 'deny'"
                + " GROUP BY POLICY_IDS ORDER BY COUNT(*) DESC, POLICY_IDS", range)) {
            String policies = (String) row.get(0);
            denials.add(new ComplianceReport.PolicyDenials(policies == null || policies.isEmpty() ? DEFAULT_DENY
                    : policies, ((Number) row.get(1)).longValue()));
        }
        long redactions = count(query("SELECT COUNT(*)" + where + " AND REDACTED = TRUE", range));
        List<ComplianceReport.AdminChange> changes = new ArrayList<>();
        for (List<?> row : query("SELECT TS, PRINCIPAL, ACTION, RESOURCE, REQUEST_ID" + where
                + " AND OUTCOME <> 'deny' AND (ACTION LIKE 'admin.%' OR ACTION = 'governance.policies.write')"
                + " ORDER BY TS", range)) {
            changes.add(new ComplianceReport.AdminChange(((Timestamp) row.get(0)).toInstant(), (String) row.get(1),
                    (String) row.get(2), (String) row.get(3), (String) row.get(4)));
        }
        return new ComplianceReport(from, to, total, byPrincipal, denials, redactions, changes);
    }

    private static long count(List<List<?>> rows) {
        return ((Number) rows.get(0).get(0)).longValue();
    }

    private List<List<?>> query(String sql, Object... args) {
        return events.query(new SqlFieldsQuery(sql).setArgs(args)).getAll();
    }
}
