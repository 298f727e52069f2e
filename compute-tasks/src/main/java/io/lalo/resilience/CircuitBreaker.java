package io.lalo.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling a failing dependency for a while: after {@code threshold} failures in a row the breaker opens and
 * {@link #allows()} is false until {@code cooldown} has passed; then one call is let through (half-open), and its
 * outcome closes or re-opens the breaker. Thread-safe.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration cooldown;
    private final Clock clock;
    private int failures;
    private Instant openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int threshold, Duration cooldown, Clock clock) {
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.clock = clock;
    }

    public synchronized boolean allows() {
        if (openedAt == null) {
            return true;
        }
        if (!trialInFlight && !clock.instant().isBefore(openedAt.plus(cooldown))) {
            trialInFlight = true;
            return true;
        }
        return false;
    }

    public synchronized void success() {
        failures = 0;
        openedAt = null;
        trialInFlight = false;
    }

    public synchronized void failure() {
        failures++;
        if (trialInFlight || failures >= threshold) {
            openedAt = clock.instant();
        }
        trialInFlight = false;
    }

    public synchronized State state() {
        if (openedAt == null) {
            return State.CLOSED;
        }
        return trialInFlight || !clock.instant().isBefore(openedAt.plus(cooldown)) ? State.HALF_OPEN : State.OPEN;
    }
}
