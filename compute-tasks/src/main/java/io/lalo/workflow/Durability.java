package io.lalo.workflow;

import java.util.Locale;

/**
 * When a run's progress reaches the grid (LangGraph's durability modes). {@code sync}: each step and each pending
 * write is committed before the run goes on — a crash loses nothing, side effects of finished tasks are never
 * repeated. {@code async}: commits are made in order on another thread while the run goes on — faster, a crash may
 * lose the last steps. {@code exit}: only where the run ends (or is interrupted) is stored — fastest, a crash
 * restarts the run from its input.
 */
public enum Durability {
    SYNC, ASYNC, EXIT;

    public static Durability parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("durability must be sync, async or exit");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
