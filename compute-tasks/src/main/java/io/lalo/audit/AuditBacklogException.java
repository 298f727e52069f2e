package io.lalo.audit;

/**
 * Thrown instead of acting unaudited: the audit writer's queue is full, so the request that wanted to record a
 * decision is refused (the edge answers 503 with {@code Retry-After}) rather than served without a trace.
 */
public final class AuditBacklogException extends RuntimeException {

    public AuditBacklogException() {
        super("The audit trail is backed up; retry shortly", null, false, false);
    }
}
