package io.lalo.governance;

import io.lalo.json.JsonRecords;
import io.lalo.grid.ReplicatedCaches;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.transactions.Transaction;
import org.apache.ignite.transactions.TransactionConcurrency;
import org.apache.ignite.transactions.TransactionIsolation;

/**
 * N-of-M change approval for policies: a change is proposed (and compiled at once, so a broken policy is refused
 * before anyone is asked to approve it), other admins approve it one by one — the proposer cannot approve their
 * own change, nobody approves twice — and the approval that reaches the required number applies it through the
 * {@link PolicyStore}. Any admin may reject a pending change. Proposals are kept after they are decided.
 */
public final class PolicyApprovals {

    static final String CACHE = "lalo_policy_proposals";

    /** A step that the proposal's state does not allow (approving your own change, deciding a decided one). */
    public static final class ApprovalException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ApprovalException(String message) {
            super(message);
        }
    }

    private final Ignite ignite;
    private final IgniteCache<String, String> proposals;
    private final PolicyStore store;
    private final int required;
    private final Clock clock;

    public PolicyApprovals(Ignite ignite, PolicyStore store, int required, Clock clock) {
        this.ignite = ignite;
        this.proposals = ignite.getOrCreateCache(new CacheConfiguration<String, String>(CACHE)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.TRANSACTIONAL)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC));
        this.store = store;
        this.required = required;
        this.clock = clock;
    }

    /** Whether policy changes wait for approvals. */
    public boolean enabled() {
        return required > 0;
    }

    public int required() {
        return required;
    }

    /** Records a proposed change; {@code kind} is create, update or delete. */
    public PolicyProposal propose(String kind, Policy policy, String by) {
        PolicyCompiler.compile(policy);
        if (!List.of("create", "update", "delete").contains(kind)) {
            throw new IllegalArgumentException("unknown change kind " + kind);
        }
        PolicyProposal proposal = new PolicyProposal(UUID.randomUUID().toString(), kind, PolicyCodec.toMap(policy),
                by, clock.instant(), List.of(), "pending", null, null, 0);
        proposals.put(proposal.id(), JsonRecords.write(proposal));
        return proposal;
    }

    /**
     * Adds {@code by}'s approval; the approval that reaches the required number applies the change. Empty when
     * there is no such proposal.
     */
    public Optional<PolicyProposal> approve(String id, String by) {
        PolicyProposal approved;
        try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                TransactionIsolation.REPEATABLE_READ)) {
            Optional<PolicyProposal> found = read(id);
            if (found.isEmpty()) {
                return found;
            }
            PolicyProposal proposal = pending(found.get());
            if (proposal.proposedBy().equals(by)) {
                throw new ApprovalException("The proposer cannot approve their own change");
            }
            if (proposal.approvals().contains(by)) {
                throw new ApprovalException(by + " has already approved this change");
            }
            List<String> approvals = new ArrayList<>(proposal.approvals());
            approvals.add(by);
            boolean enough = approvals.size() >= required;
            approved = new PolicyProposal(proposal.id(), proposal.kind(), proposal.policy(), proposal.proposedBy(),
                    proposal.proposedAt(), approvals, enough ? "approved" : "pending", enough ? by : null,
                    enough ? clock.instant() : null, 0);
            proposals.put(id, JsonRecords.write(approved));
            tx.commit();
        }
        if (!approved.status().equals("approved")) {
            return Optional.of(approved);
        }
        // The change is applied outside the proposal's transaction (the store runs its own); the lock above
        // already made sure only one approver gets here.
        String status;
        int version = 0;
        try {
            version = apply(approved, by);
            status = "applied";
        } catch (RuntimeException e) {
            status = "failed";
        }
        PolicyProposal decided = new PolicyProposal(approved.id(), approved.kind(), approved.policy(),
                approved.proposedBy(), approved.proposedAt(), approved.approvals(), status, by, approved.decidedAt(),
                version);
        proposals.put(id, JsonRecords.write(decided));
        return Optional.of(decided);
    }

    public Optional<PolicyProposal> reject(String id, String by) {
        try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                TransactionIsolation.REPEATABLE_READ)) {
            Optional<PolicyProposal> found = read(id);
            if (found.isEmpty()) {
                return found;
            }
            PolicyProposal proposal = pending(found.get());
            PolicyProposal rejected = new PolicyProposal(proposal.id(), proposal.kind(), proposal.policy(),
                    proposal.proposedBy(), proposal.proposedAt(), proposal.approvals(), "rejected", by,
                    clock.instant(), 0);
            proposals.put(id, JsonRecords.write(rejected));
            tx.commit();
            return Optional.of(rejected);
        }
    }

    public Optional<PolicyProposal> get(String id) {
        return read(id);
    }

    /** Every proposal, newest first. */
    public List<PolicyProposal> list() {
        List<PolicyProposal> all = new ArrayList<>();
        for (String text : ReplicatedCaches.<String>values(ignite, CACHE)) {
            all.add(JsonRecords.read(text, PolicyProposal.class));
        }
        all.sort(Comparator.comparing(PolicyProposal::proposedAt).reversed());
        return all;
    }

    private Optional<PolicyProposal> read(String id) {
        return Optional.ofNullable(proposals.get(id)).map(text -> JsonRecords.read(text, PolicyProposal.class));
    }

    private static PolicyProposal pending(PolicyProposal proposal) {
        if (!proposal.status().equals("pending")) {
            throw new ApprovalException("This change is already " + proposal.status());
        }
        return proposal;
    }

    private int apply(PolicyProposal proposal, String by) {
        Policy policy = proposal.toPolicy();
        String actor = proposal.proposedBy() + " (approved by " + by + ")";
        return switch (proposal.kind()) {
            case "create" -> store.create(policy, actor).version();
            case "update" -> store.update(policy, actor).map(PolicyVersion::version)
                    .orElseThrow(() -> new ApprovalException("Policy " + policy.id() + " no longer exists"));
            default -> store.delete(policy.id(), actor).map(PolicyVersion::version)
                    .orElseThrow(() -> new ApprovalException("Policy " + policy.id() + " no longer exists"));
        };
    }
}
