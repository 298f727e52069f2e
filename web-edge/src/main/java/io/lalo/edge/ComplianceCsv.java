package io.lalo.edge;

import io.lalo.audit.ComplianceReport;
import java.util.Arrays;

/**
 * The compliance report as one CSV table, one row per figure: {@code section,principal,outcome_or_policy,count,
 * time,action,resource}, written by {@link CsvLines}.
 */
final class ComplianceCsv {

    private ComplianceCsv() {
    }

    static String write(ComplianceReport report) {
        StringBuilder csv = new StringBuilder("section,principal,detail,count,time,action,resource\n");
        row(csv, "total", "", "", Long.toString(report.events()), "", "", "");
        for (ComplianceReport.PrincipalOutcome item : report.requestsByPrincipal()) {
            row(csv, "requests", item.principal(), item.outcome(), Long.toString(item.count()), "", "", "");
        }
        for (ComplianceReport.PolicyDenials item : report.denialsByPolicy()) {
            row(csv, "denials", "", item.policy(), Long.toString(item.count()), "", "", "");
        }
        row(csv, "redactions", "", "", Long.toString(report.redactions()), "", "", "");
        for (ComplianceReport.AdminChange change : report.adminChanges()) {
            row(csv, "admin-change", change.principal(), change.requestId(), "1", change.time().toString(),
                    change.action(), change.resource());
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, String... cells) {
        CsvLines.append(csv, Arrays.asList(cells));
    }
}
