package io.lalo.governance;

import java.util.List;

/**
 * The answer to an {@link AccessRequest}: the outcome, the ids of the policies that decided it, a reason a person
 * can read, and for an allow the obligations that come with it.
 */
public record Decision(Outcome outcome, List<String> policyIds, String reason, Obligations obligations) {

    public enum Outcome {
        ALLOW,
        ALLOW_WITH_OBLIGATIONS,
        DENY
    }

    public Decision {
        policyIds = List.copyOf(policyIds);
    }

    public boolean allowed() {
        return outcome != Outcome.DENY;
    }
}
