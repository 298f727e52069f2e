package io.lalo.governance;

/**
 * A token bucket's shape: {@code perMinute} tokens flow in per minute, up to {@code burst} at once.
 */
public record RateLimit(int perMinute, int burst) {

    public RateLimit {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("rate limits must be positive");
        }
    }
}
