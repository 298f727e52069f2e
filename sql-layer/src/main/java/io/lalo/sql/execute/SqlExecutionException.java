package io.lalo.sql.execute;

/**
 * A validated statement that Ignite could not run as asked (a constraint, a conversion, a timeout): the client's
 * statement or data is at fault, not the server.
 */
public final class SqlExecutionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    public SqlExecutionException(String message, boolean timedOut) {
        super(message);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
