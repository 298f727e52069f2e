package io.lalo.governance;

/**
 * A policy that cannot be used: a CEL condition that does not parse or type-check (with its line and column), or a
 * field out of range. Raised when a policy is saved or tested, never while requests are evaluated.
 */
public final class PolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String policyId;
    private final String field;
    private final int line;
    private final int column;

    public PolicyException(String policyId, String field, String message, int line, int column) {
        super(message);
        this.policyId = policyId;
        this.field = field;
        this.line = line;
        this.column = column;
    }

    public String policyId() {
        return policyId;
    }

    /** The policy field at fault, e.g. {@code condition}. */
    public String field() {
        return field;
    }

    /** 1-based line in the condition, or 0 when not about the condition. */
    public int line() {
        return line;
    }

    /** 1-based column in the condition, or 0. */
    public int column() {
        return column;
    }
}
