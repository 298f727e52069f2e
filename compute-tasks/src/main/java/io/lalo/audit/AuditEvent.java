package io.lalo.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * One audited fact: who did what to which resource, what was decided and by which policies, for which request,
 * when. Events form hash chains: each holds the hash of the event before it in its chain and its own hash over
 * all its fields, so editing or deleting any stored event breaks the chain where it happened.
 *
 * @param chain the chain this event belongs to (one per writing node)
 * @param seq position in the chain, from 1
 * @param time when it happened
 * @param principal who (principal id)
 * @param tenant the principal's tenant
 * @param action the action, e.g. {@code sql.select}
 * @param resource {@code type:name}
 * @param outcome {@code allow}, {@code allow_with_obligations} or {@code deny}
 * @param policyIds the deciding policies
 * @param requestId the HTTP request id, or empty
 * @param reason the decision's reason
 * @param redacted whether PII redaction applied
 * @param prevHash the previous event's hash (64 zeros for the first)
 * @param hash this event's hash
 */
public record AuditEvent(String chain, long seq, Instant time, String principal, String tenant, String action,
                         String resource, String outcome, List<String> policyIds, String requestId, String reason,
                         boolean redacted, String prevHash, String hash) {

    public static final String GENESIS = "0".repeat(64);

    public AuditEvent {
        policyIds = List.copyOf(policyIds);
    }

    /** The hash this event must carry, given its fields and {@code prevHash}. */
    public String computeHash() {
        StringBuilder canonical = new StringBuilder(256);
        for (Object field : new Object[] {chain, seq, time.toEpochMilli(), time.getNano(), principal, tenant, action,
                resource, outcome, String.join(",", policyIds), requestId, reason, redacted, prevHash}) {
            canonical.append(field).append('\u001f');
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** This event placed at {@code seq} after {@code prevHash}, with its hash. */
    AuditEvent chained(String chainId, long position, String previous) {
        AuditEvent placed = new AuditEvent(chainId, position, time, principal, tenant, action, resource, outcome,
                policyIds, requestId, reason, redacted, previous, "");
        return new AuditEvent(chainId, position, time, principal, tenant, action, resource, outcome, policyIds,
                requestId, reason, redacted, previous, placed.computeHash());
    }

    /** An event not yet placed in a chain. */
    public static AuditEvent of(Instant time, String principal, String tenant, String action, String resource,
                                String outcome, List<String> policyIds, String requestId, String reason,
                                boolean redacted) {
        return new AuditEvent("", 0, time, principal, tenant, action, resource, outcome, policyIds,
                requestId == null ? "" : requestId, reason == null ? "" : reason, redacted, "", "");
    }
}
