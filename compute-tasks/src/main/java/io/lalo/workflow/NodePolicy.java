package io.lalo.workflow;

import io.lalo.workflow.WorkflowDefinitionException.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a node is run, from its settings: how often a failed attempt is tried again and how long to wait between
 * attempts (exponential backoff, capped, with jitter so retries of parallel tasks spread out), how long one
 * attempt may take, and how long its result may be served from the result cache. Parsed and checked when the
 * definition is compiled.
 *
 * <pre>
 * fetch: {type: my.fetch, retry: {attempts: 3, backoffMs: 100, maxBackoffMs: 2000, jitter: 0.5},
 *         timeoutMs: 5000, cache: {ttlSeconds: 300}}
 * </pre>
 *
 * @param attempts tries in all (1: no retry)
 * @param jitter the share of each wait drawn at random, in [0, 1]
 * @param timeout per attempt; null for none
 * @param cacheTtl how long a result is reused for the same input; null for no cache
 */
public record NodePolicy(int attempts, Duration backoff, Duration maxBackoff, double jitter, Duration timeout,
                         Duration cacheTtl) {

    public static final NodePolicy DEFAULT = new NodePolicy(1, Duration.ZERO, Duration.ZERO, 0, null, null);

    static final int MAX_ATTEMPTS = 20;

    /** The wait before attempt {@code attempt + 1} (attempts counted from 1). */
    public Duration backoffAfter(int attempt) {
        long base = Math.min(maxBackoff.toMillis(), backoff.toMillis() << Math.min(attempt - 1, 20));
        long spread = (long) (base * jitter);
        return Duration.ofMillis(base - spread + (spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(spread + 1)));
    }

    /** The node's policy; problems are added to {@code problems} (and the default is returned for them). */
    static NodePolicy of(NodeSpec node, List<Problem> problems) {
        String where = "nodes." + node.name();
        Map<String, Object> config = node.config();
        int attempts = 1;
        long backoff = 100;
        long maxBackoff = 10_000;
        double jitter = 0.5;
        if (config.get("retry") instanceof Map<?, ?> retry) {
            attempts = whole(retry.get("attempts"), 3, 1, MAX_ATTEMPTS, where + ".retry.attempts", problems);
            backoff = whole(retry.get("backoffMs"), 100, 0, 600_000, where + ".retry.backoffMs", problems);
            maxBackoff = whole(retry.get("maxBackoffMs"), 10_000, 0, 3_600_000, where + ".retry.maxBackoffMs",
                    problems);
            Object share = retry.get("jitter");
            if (share != null) {
                if (share instanceof Number number && number.doubleValue() >= 0 && number.doubleValue() <= 1) {
                    jitter = number.doubleValue();
                } else {
                    problems.add(new Problem(where + ".retry.jitter", "must be a number in [0, 1]"));
                }
            }
        } else if (config.containsKey("retry")) {
            problems.add(new Problem(where + ".retry", "must be {attempts, backoffMs, maxBackoffMs, jitter}"));
        }
        Duration timeout = null;
        if (config.containsKey("timeoutMs")) {
            timeout = Duration.ofMillis(whole(config.get("timeoutMs"), 0, 1, 86_400_000, where + ".timeoutMs",
                    problems));
        }
        Duration ttl = null;
        if (config.get("cache") instanceof Map<?, ?> cache) {
            ttl = Duration.ofSeconds(whole(cache.get("ttlSeconds"), 300, 1, 30L * 86_400, where
                    + ".cache.ttlSeconds", problems));
        } else if (config.containsKey("cache")) {
            problems.add(new Problem(where + ".cache", "must be {ttlSeconds}"));
        }
        if (ttl != null && (node.type().equals("approval") || node.type().equals("transform"))) {
            problems.add(new Problem(where + ".cache", "a " + node.type() + " node is not cached"));
        }
        return new NodePolicy(attempts, Duration.ofMillis(backoff), Duration.ofMillis(Math.max(backoff, maxBackoff)),
                jitter, timeout, ttl);
    }

    private static int whole(Object value, long fallback, long min, long max, String where, List<Problem> problems) {
        if (value == null) {
            return (int) Math.min(Integer.MAX_VALUE, fallback);
        }
        if (value instanceof Number number && number.doubleValue() == number.longValue()
                && number.longValue() >= min && number.longValue() <= max) {
            return (int) number.longValue();
        }
        problems.add(new Problem(where, "must be a whole number in [" + min + ", " + max + "]"));
        return (int) Math.min(Integer.MAX_VALUE, fallback);
    }
}
