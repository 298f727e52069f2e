package io.lalo.workflow;

/** A state would grow past {@code workflow.maxStateBytes}: the step (or update) that would do it is not stored. */
public final class StateTooLargeException extends RuntimeException {

    public StateTooLargeException(long bytes, long limit) {
        super("the state would grow to " + bytes + " bytes, over the limit of " + limit + " (workflow.maxStateBytes)",
                null, false, false);
    }
}
