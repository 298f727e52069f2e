package io.lalo.edge.metrics;

import io.lalo.grid.GridHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CachePeekMode;

/**
 * Grid gauges for the metrics endpoint: cluster size by role, whether the cluster is active, baseline nodes online,
 * and the size of every cache. Values come from a snapshot taken by {@link #refresh()}, which asks the cluster and
 * so must run on a worker thread, never on an event loop.
 */
public final class GridMetrics {

    private final Supplier<Ignite> ignite;
    private final MultiGauge cacheSizes;
    private volatile GridHealth health = new GridHealth(GridHealth.Status.UNHEALTHY, "UNKNOWN", 0, 0, 0, 0);

    public GridMetrics(MeterRegistry registry, Supplier<Ignite> ignite) {
        this.ignite = ignite;
        gauge(registry, "ignite.cluster.nodes", "Nodes in the cluster topology", Tags.of("role", "server"),
                GridHealth::serverNodes);
        gauge(registry, "ignite.cluster.nodes", "Nodes in the cluster topology", Tags.of("role", "client"),
                GridHealth::clientNodes);
        gauge(registry, "ignite.cluster.active", "1 when the cluster is active", Tags.empty(),
                h -> h.state().startsWith("ACTIVE") ? 1 : 0);
        gauge(registry, "ignite.cluster.baseline.nodes", "Nodes in the baseline topology", Tags.empty(),
                GridHealth::baselineNodes);
        gauge(registry, "ignite.cluster.baseline.online", "Baseline nodes online", Tags.empty(),
                GridHealth::baselineOnline);
        this.cacheSizes = MultiGauge.builder("ignite.cache.size")
                .description("Entries in each cache (primary copies, cluster-wide)")
                .baseUnit("entries")
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, Tags tags,
                       ToDoubleFunction<GridHealth> value) {
        Gauge.builder(name, this, metrics -> value.applyAsDouble(metrics.health))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    /** Reads the grid's state and cache sizes; blocking. */
    public void refresh() {
        Ignite current = ignite.get();
        health = GridHealth.of(current);
        if (health.status() == GridHealth.Status.UNHEALTHY) {
            cacheSizes.register(List.of(), true);
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (String name : current.cacheNames()) {
            IgniteCache<?, ?> cache = current.cache(name);
            if (cache != null) {
                long size = cache.sizeLong(CachePeekMode.PRIMARY);
                rows.add(MultiGauge.Row.of(Tags.of("cache", name), size));
            }
        }
        cacheSizes.register(rows, true);
    }
}
