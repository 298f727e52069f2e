package io.lalo.cli;

/** A command line that cannot be run: unknown command or option, or a missing option value. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
