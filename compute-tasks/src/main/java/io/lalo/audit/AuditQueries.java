package io.lalo.audit;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    /**
     * The compliance figures for {@code [from, to)}: one aggregating pass over the period (grouped by principal,
     * outcome, deciding policies and redaction; the groups are few, so the report's sections are summed from them
     * here) and one index lookup for the admin changes.
     */
    public ComplianceReport report(java.time.Instant from, java.time.Instant to) {
        Object[] range = {Timestamp.from(from), Timestamp.from(to)};
        String where = " FROM " + TABLE + " WHERE TS >= ? AND TS < ?";
        Map<List<String>, Long> byPrincipal = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        Map<String, Long> denials = new HashMap<>();
        long total = 0;
        long redactions = 0;
        for (List<?> row : query("SELECT PRINCIPAL, OUTCOME, POLICY_IDS, REDACTED, COUNT(*)" + where
                + " GROUP BY PRINCIPAL, OUTCOME, POLICY_IDS, REDACTED", range)) {
            long count = ((Number) row.get(4)).longValue();
            String outcome = (String) row.get(1);
            total += count;
            byPrincipal.merge(List.of((String) row.get(0), outcome), count, Long::sum);
            if ("deny".equals(outcome)) {
                String policies = (String) row.get(2);
                denials.merge(policies == null || policies.isEmpty() ? DEFAULT_DENY : policies, count, Long::sum);
            }
            if (Boolean.TRUE.equals(row.get(3))) {
                redactions += count;
            }
        }
        List<ComplianceReport.PrincipalOutcome> requests = new ArrayList<>();
        byPrincipal.forEach((key, count) -> requests.add(new ComplianceReport.PrincipalOutcome(key.get(0),
                key.get(1), count)));
        List<ComplianceReport.PolicyDenials> denialList = new ArrayList<>();
        denials.forEach((policy, count) -> denialList.add(new ComplianceReport.PolicyDenials(policy, count)));
        denialList.sort(Comparator.comparing(ComplianceReport.PolicyDenials::count).reversed()
                .thenComparing(ComplianceReport.PolicyDenials::policy));
        List<ComplianceReport.AdminChange> changes = new ArrayList<>();
        for (List<?> row : query("SELECT TS, PRINCIPAL, ACTION, RESOURCE, REQUEST_ID" + where
                + " AND OUTCOME <> 'deny' AND (ACTION LIKE 'admin.%' OR ACTION = 'governance.policies.write')"
                + " ORDER BY TS", range)) {
            changes.add(new ComplianceReport.AdminChange(((Timestamp) row.get(0)).toInstant(), (String) row.get(1),
                    (String) row.get(2), (String) row.get(3), (String) row.get(4)));
        }
        return new ComplianceReport(from, to, total, requests, denialList, redactions, changes);
    }

    private List<List<?>> query(String sql, Object... args) {
        return events.query(new SqlFieldsQuery(sql).setArgs(args)).getAll();
    }
}
