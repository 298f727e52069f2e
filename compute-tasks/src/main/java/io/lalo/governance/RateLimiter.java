package io.lalo.governance;

import io.lalo.config.LaloConfig;
import io.lalo.grid.internal.IgniteConfigurationFactory;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.Duration;
import javax.cache.expiry.TouchedExpiryPolicy;
import javax.cache.processor.MutableEntry;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheEntryProcessor;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * Token buckets per principal, kept in the grid so the limit is exact across every edge: each request runs one
 * atomic entry processor on the node that owns the principal's bucket (a single asynchronous round trip, no
 * locks), so two edges can never both spend the last token. Buckets live in the in-memory region and expire ten
 * minutes after their last use; a restart refills them, which errs on the side of the client.
 */
public final class RateLimiter {

    static final String CACHE = "lalo_rate_limits";

    private final IgniteCache<String, long[]> buckets;
    private final RoleHierarchy roles;
    private final RateLimit defaults;
    private final Map<String, RateLimit> byRole;

    public RateLimiter(Ignite ignite, LaloConfig.RateLimit config, RoleHierarchy roles) {
        this.buckets = ignite.getOrCreateCache(new CacheConfiguration<String, long[]>(CACHE)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setBackups(0)
                .setDataRegionName(IgniteConfigurationFactory.VOLATILE_REGION)
                .setExpiryPolicyFactory(TouchedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, 10)))
                .setEagerTtl(true));
        this.roles = roles;
        this.defaults = new RateLimit(config.requestsPerMinute(), config.burst());
        this.byRole = parse(config.roles());
    }

    private static Map<String, RateLimit> parse(Collection<String> entries) {
        Map<String, RateLimit> limits = new HashMap<>();
        for (String entry : entries) {
            String[] roleAndLimit = entry.split("=", 2);
            String[] numbers = roleAndLimit[1].split("/", 2);
            limits.put(roleAndLimit[0], new RateLimit(Integer.parseInt(numbers[0]), Integer.parseInt(numbers[1])));
        }
        return Map.copyOf(limits);
    }

    /** The limit that applies to {@code principal}: the most generous of its (effective) roles, else the default. */
    public RateLimit limitFor(Principal principal) {
        RateLimit best = null;
        for (String role : roles.effectiveRoles(principal.roles())) {
            RateLimit limit = byRole.get(role);
            if (limit != null && (best == null || limit.perMinute() > best.perMinute())) {
                best = limit;
            }
        }
        return best == null ? defaults : best;
    }

    /** Takes one token from the principal's bucket, asynchronously. */
    public CompletableFuture<RateDecision> take(Principal principal) {
        RateLimit limit = limitFor(principal);
        CompletableFuture<RateDecision> result = new CompletableFuture<>();
        buckets.invokeAsync(principal.tenant() + "/" + principal.id(), new TakeToken(), limit.perMinute(),
                limit.burst()).listen(future -> {
            try {
                long[] answer = future.get();
                result.complete(new RateDecision(answer[0] == 1, limit.perMinute(), answer[1], answer[2],
                        answer[3]));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Refills the bucket for the time passed, then takes a token if one is there. State: milli-tokens and the
     * time of the last refill, so the arithmetic stays in integers. Returns allowed (1/0), whole tokens left,
     * seconds until full, seconds until the next token.
     */
    static final class TakeToken implements CacheEntryProcessor<String, long[], long[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public long[] process(MutableEntry<String, long[]> entry, Object... args) {
            long perMinute = ((Number) args[0]).longValue();
            long capacity = ((Number) args[1]).longValue() * 1_000;
            long now = System.currentTimeMillis();
            long[] state = entry.getValue();
            long milliTokens = state == null ? capacity : state[0];
            long last = state == null ? now : state[1];
            long elapsed = Math.max(0, now - last);
            // perMinute tokens per 60,000 ms is perMinute / 60 milli-tokens per ms.
            milliTokens = Math.min(capacity, milliTokens + elapsed * perMinute / 60);
            boolean allowed = milliTokens >= 1_000;
            if (allowed) {
                milliTokens -= 1_000;
            }
            entry.setValue(new long[] {milliTokens, now});
            long msToFull = (capacity - milliTokens) * 60 / perMinute;
            long msToNext = allowed ? 0 : (1_000 - milliTokens) * 60 / perMinute;
            return new long[] {allowed ? 1 : 0, milliTokens / 1_000, ceilSeconds(msToFull),
                    allowed ? 0 : Math.max(1, ceilSeconds(msToNext))};
        }

        private static long ceilSeconds(long millis) {
            return (millis + 999) / 1_000;
        }
    }
}
