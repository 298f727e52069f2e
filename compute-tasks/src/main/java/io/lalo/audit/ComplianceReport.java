package io.lalo.audit;

import java.time.Instant;
import java.util.List;

/**
 * What happened in a period, for compliance reviews: requests by principal and outcome, denials by deciding
 * policy, how many responses had PII redacted, and every administrative change.
 */
public record ComplianceReport(Instant from, Instant to, long events, List<PrincipalOutcome> requestsByPrincipal,
                               List<PolicyDenials> denialsByPolicy, long redactions, List<AdminChange> adminChanges) {

    public record PrincipalOutcome(String principal, String outcome, long count) {
    }

    /** Denials decided by one policy; {@code (default deny)} when no policy allowed the request. */
    public record PolicyDenials(String policy, long count) {
    }

    public record AdminChange(Instant time, String principal, String action, String resource, String requestId) {
    }

    public ComplianceReport {
        requestsByPrincipal = List.copyOf(requestsByPrincipal);
        denialsByPolicy = List.copyOf(denialsByPolicy);
        adminChanges = List.copyOf(adminChanges);
    }
}
