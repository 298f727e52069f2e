package io.lalo.audit;

import java.time.Instant;

/**
 * Which audit events to return: a time range (from inclusive, to exclusive) and, optionally, one principal, one
 * action and one outcome.
 */
public record AuditFilter(Instant from, Instant to, String principal, String action, String outcome) {
}
