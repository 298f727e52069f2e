package io.lalo.governance;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A policy change waiting for approval (when {@code governance.requiredApprovals} is above zero): what it would do,
 * who proposed it, who approved or rejected it, and where it stands.
 *
 * @param id proposal id
 * @param kind {@code create}, {@code update} or {@code delete}
 * @param policy the policy as it would be saved (for delete, the id is what counts), in its JSON form
 * @param proposedBy the proposing admin
 * @param proposedAt when
 * @param approvals admins who approved, in order
 * @param status {@code pending}, {@code approved} (being applied), {@code applied}, {@code failed} (the policy
 *               changed under it) or {@code rejected}
 * @param decidedBy who applied (the last approver) or rejected it; null while pending
 * @param decidedAt when; null while pending
 * @param appliedVersion the policy version the change produced; 0 unless applied
 */
public record PolicyProposal(String id, String kind, Map<String, Object> policy, String proposedBy,
                             Instant proposedAt, List<String> approvals, String status, String decidedBy,
                             Instant decidedAt, int appliedVersion) {

    public PolicyProposal {
        approvals = List.copyOf(approvals);
    }

    public Policy toPolicy() {
        return PolicyCodec.fromMap(policy);
    }
}
