package io.lalo.edge.metrics;

import io.lalo.sql.SqlLayer;
import io.lalo.sql.cache.ResultCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The SQL layer's meters: result-cache lookups by outcome ({@code lalo_sql_result_cache_lookups_total{result=hit|
 * miss}}) and the hit ratio as a gauge, both for this process. Read lazily, so they bind before the layer starts.
 */
public final class SqlMetrics {

    private SqlMetrics() {
    }

    public static void bind(MeterRegistry registry, SqlLayer sql) {
        FunctionCounter.builder("lalo.sql.result.cache.lookups", sql, cacheValue(ResultCache::hits))
                .description("Result-cache lookups answered from the cache")
                .tag("result", "hit")
                .register(registry);
        FunctionCounter.builder("lalo.sql.result.cache.lookups", sql, cacheValue(ResultCache::misses))
                .description("Result-cache lookups that ran the statement")
                .tag("result", "miss")
                .register(registry);
        Gauge.builder("lalo.sql.result.cache.hit.ratio", sql, cacheValue(ResultCache::hitRatio))
                .description("Share of result-cache lookups answered from the cache since start")
                .register(registry);
    }

    private static ToDoubleFunction<SqlLayer> cacheValue(ToDoubleFunction<ResultCache> value) {
        return layer -> layer.resultCache().map(value::applyAsDouble).orElse(0.0);
    }
}
