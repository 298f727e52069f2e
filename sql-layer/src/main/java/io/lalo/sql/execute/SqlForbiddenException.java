package io.lalo.sql.execute;

import io.lalo.governance.Decision;

/** Governance refused the statement (or a table it touches); nothing was executed. */
public final class SqlForbiddenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Decision decision;
    private final String action;
    private final String resource;

    public SqlForbiddenException(Decision decision, String action, String resource) {
        super(decision.reason());
        this.decision = decision;
        this.action = action;
        this.resource = resource;
    }

    public Decision decision() {
        return decision;
    }

    public String action() {
        return action;
    }

    public String resource() {
        return resource;
    }
}
