package io.lalo.audit;

import java.util.List;
import java.util.Optional;

/**
 * The result of walking the audit chains: how many chains and events were checked, and the first broken link
 * found, if any.
 *
 * @param chains chains walked
 * @param events events checked
 * @param firstBroken the first problem, or empty when every chain is intact
 */
public record ChainCheck(int chains, long events, Optional<BrokenLink> firstBroken) {

    /**
     * Where a chain is broken.
     *
     * @param chain the chain
     * @param seq the position of the bad event
     * @param problem {@code missing} (deleted), {@code edited} (its hash does not match its fields) or
     *                {@code relinked} (its previous-hash does not match the event before it)
     */
    public record BrokenLink(String chain, long seq, String problem) {
    }

    public boolean intact() {
        return firstBroken.isEmpty();
    }

    static ChainCheck of(int chains, long events, List<BrokenLink> broken) {
        return new ChainCheck(chains, events, broken.stream().findFirst());
    }
}
