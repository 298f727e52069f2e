package io.lalo.governance;

/**
 * Whether one more request fits a principal's bucket, and what to tell the client: the limit (per minute), the
 * whole requests left, seconds until the bucket is full again, and (when refused) seconds until one request fits.
 */
public record RateDecision(boolean allowed, int limit, long remaining, long resetSeconds, long retryAfterSeconds) {
}
