package io.lalo.workflow;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What a caller may ask of a run besides its input: how durable its progress is (null: the configured default),
 * what happens when the thread is busy, how long it may take (null: no limit; a run over it stops before its next
 * step with status {@code timeout}), whether it proceeds from the tasks the thread's last checkpoint scheduled
 * (after a state update or a fork) rather than from the entry, and who hears of each step and of the events its nodes emit (streaming).
 */
public record RunOptions(Durability durability, Multitask multitask, Duration timeout, boolean proceed,
                         Consumer<StepRecord> onStep, Consumer<java.util.Map<String, Object>> onEvent) {

    /** LangGraph's multitask strategies: what a run does when its thread is busy with another. */
    public enum Multitask {
        /** Refuse the new run (409). */
        REJECT,
        /** Queue it; it starts when the runs before it have ended. Background runs only. */
        ENQUEUE,
        /** Stop the running run before its next step, then start the new one. */
        INTERRUPT;

        public static Multitask parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("multitaskStrategy must be reject, enqueue or interrupt");
            }
        }
    }

    public static RunOptions defaults() {
        return new RunOptions(null, Multitask.REJECT, null, false, step -> { }, event -> { });
    }

    public RunOptions onStep(Consumer<StepRecord> listener) {
        return new RunOptions(durability, multitask, timeout, proceed, listener, onEvent);
    }
}
