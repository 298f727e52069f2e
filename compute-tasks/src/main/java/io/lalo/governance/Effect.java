package io.lalo.governance;

/** What a matching policy says. Deny wins over allow; with no match, the answer is deny. */
public enum Effect {
    ALLOW,
    DENY
}
