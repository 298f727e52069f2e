package io.lalo.governance;

import io.lalo.audit.AuditBacklogException;
import io.lalo.audit.AuditEvent;
import io.lalo.audit.AuditLog;
import io.lalo.audit.AuditQueries;
import io.lalo.audit.AuditVerifier;
import io.lalo.config.LaloConfig;
import io.lalo.grid.GridRole;
import io.lalo.grid.LaloNode;
import io.lalo.lifecycle.LaloComponent;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The governance component: identities (API keys, role hierarchy), policies and the audit trail over the grid,
 * and the
 * {@link #decide} entry point every module calls. Started after the grid node; on a server node it also makes sure
 * the cluster has an admin key ({@link AdminKeyBootstrap}) and, on its first start, the default policies.
 */
public final class Governance implements LaloComponent {

    private final LaloNode node;
    private final LaloConfig config;
    private final RoleHierarchy roles;
    private volatile ApiKeyStore apiKeys;
    private volatile PolicyStore policies;
    private volatile AuditLog audit;
    private volatile RateLimiter rateLimiter;
    private volatile PolicyApprovals approvals;
    private volatile AuditQueries auditQueries;
    private volatile AuditVerifier auditVerifier;
    private volatile Optional<String> generatedAdminKey = Optional.empty();

    public Governance(LaloNode node) {
        this.node = node;
        this.config = node.config();
        this.roles = RoleHierarchy.of(config.auth().roleHierarchy());
    }

    @Override
    public String name() {
        return "governance";
    }

    @Override
    public CompletableFuture<Void> startAsync() {
        return LaloComponent.runOnOwnThread("lalo-governance-start", () -> {
            apiKeys = new ApiKeyStore(node.ignite(), Clock.systemUTC());
            policies = new PolicyStore(node.ignite(), Clock.systemUTC());
            policies.start();
            int backups = config.cluster().backups();
            audit = new AuditLog(node.ignite(), backups, config.audit().queueCapacity(),
                    config.audit().flushInterval());
            auditQueries = new AuditQueries(node.ignite(), backups);
            auditVerifier = new AuditVerifier(node.ignite(), backups);
            rateLimiter = new RateLimiter(node.ignite(), config.rateLimit(), roles);
            approvals = new PolicyApprovals(node.ignite(), policies, config.approvals().required(),
                    Clock.systemUTC());
            if (node.role() == GridRole.SERVER) {
                generatedAdminKey = AdminKeyBootstrap.ensure(node.ignite(), apiKeys, config);
                policies.seedDefaults();
            }
        });
    }

    @Override
    public CompletableFuture<Void> stopAsync() {
        AuditLog log = audit;
        if (log != null) {
            log.close();
        }
        PolicyStore store = policies;
        if (store != null) {
            store.close();
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Decides a request against the policies in force on this node; pure in-memory work, safe on any thread. */
    public Decision decide(AccessRequest request) {
        return policies().current().evaluate(request, roles);
    }

    /**
     * Queues {@code decision} about {@code principal}'s {@code action} on {@code resource} for the audit trail,
     * with whether PII is redacted from what the caller receives; false when the queue is full, in which case the
     * caller must not act unaudited.
     */
    public boolean record(Principal principal, String action, Resource resource, Decision decision,
                          String requestId, boolean redacted) {
        return audit().append(AuditEvent.of(Instant.now(), principal.id(), principal.tenant(), action,
                resource.qualifiedName(), decision.outcome().name().toLowerCase(Locale.ROOT), decision.policyIds(),
                requestId, decision.reason(), redacted));
    }

    /** Like {@link #record} but refuses with {@link AuditBacklogException} when the decision cannot be queued. */
    public void recordOrRefuse(Principal principal, String action, Resource resource, Decision decision,
                               String requestId, boolean redacted) {
        if (!record(principal, action, resource, decision, requestId, redacted)) {
            throw new AuditBacklogException();
        }
    }

    /** Table, column, mask and row-filter rules for one principal and table (for SQL and NL2SQL). */
    public TableAccess tableAccess(Principal principal, String action, String table,
                                   java.util.Collection<String> columns) {
        return FineGrainedAccess.table(policies().current(), roles, principal, action, table, columns);
    }

    /** Whether a principal may act on a document, by its ACL and the policies (for RAG). */
    public Decision documentAccess(Principal principal, String action, String documentId, DocumentAcl acl) {
        return FineGrainedAccess.document(policies().current(), roles, principal, action, documentId, acl);
    }

    public PolicyStore policies() {
        PolicyStore store = policies;
        if (store == null) {
            throw new IllegalStateException("governance is not started");
        }
        return store;
    }

    public ApiKeyStore apiKeys() {
        ApiKeyStore store = apiKeys;
        if (store == null) {
            throw new IllegalStateException("governance is not started");
        }
        return store;
    }

    /** This process's audit writer. */
    public AuditLog audit() {
        return started(audit);
    }

    /** Grid-backed token buckets, exact across edges. */
    public RateLimiter rateLimiter() {
        return started(rateLimiter);
    }

    /** N-of-M approval of policy changes (inactive when no approvals are required). */
    public PolicyApprovals approvals() {
        return started(approvals);
    }

    public AuditQueries auditQueries() {
        return started(auditQueries);
    }

    public AuditVerifier auditVerifier() {
        return started(auditVerifier);
    }

    private static <T> T started(T part) {
        if (part == null) {
            throw new IllegalStateException("governance is not started");
        }
        return part;
    }

    public RoleHierarchy roles() {
        return roles;
    }

    /** Whether the principal has {@code role}, directly or through the role hierarchy. */
    public boolean hasRole(Principal principal, String role) {
        return roles.effectiveRoles(principal.roles()).contains(role);
    }

    public LaloConfig.Auth authConfig() {
        return config.auth();
    }

    /** The admin key this start generated, to be shown once; empty when none was generated. */
    public Optional<String> generatedAdminKey() {
        return generatedAdminKey;
    }
}
