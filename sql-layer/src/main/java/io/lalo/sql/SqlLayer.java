package io.lalo.sql;

import io.lalo.grid.LaloNode;
import io.lalo.lifecycle.LaloComponent;
import io.lalo.sql.catalog.CatalogService;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The SQL layer component: the catalog now; Calcite validation, governed execution and NL2SQL as they land. Started
 * after governance, which it consults.
 */
public final class SqlLayer implements LaloComponent {

    /** How stale the catalog may be: a DDL statement anywhere shows within this time. */
    static final Duration CATALOG_MAX_AGE = Duration.ofSeconds(1);

    private final LaloNode node;
    private volatile CatalogService catalog;

    public SqlLayer(LaloNode node) {
        this.node = node;
    }

    @Override
    public String name() {
        return "sql-layer";
    }

    @Override
    public CompletableFuture<Void> startAsync() {
        return LaloComponent.runOnOwnThread("lalo-sql-start",
                () -> catalog = new CatalogService(node.ignite(), Clock.systemUTC(), CATALOG_MAX_AGE));
    }

    @Override
    public CompletableFuture<Void> stopAsync() {
        return CompletableFuture.completedFuture(null);
    }

    public CatalogService catalog() {
        CatalogService service = catalog;
        if (service == null) {
            throw new IllegalStateException("sql layer is not started");
        }
        return service;
    }
}
