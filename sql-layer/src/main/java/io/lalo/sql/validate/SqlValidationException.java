package io.lalo.sql.validate;

/**
 * A statement Calcite would not accept: a syntax error, an unknown table or column, a type error. Carries the
 * 1-based line and column where the problem starts (0 when unknown), so the client can point at it.
 */
public final class SqlValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    public SqlValidationException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
