package io.lalo.sql.catalog;

import java.time.Clock;
import java.time.Duration;
import org.apache.ignite.Ignite;

/**
 * The catalog as callers use it: a snapshot re-read from the grid when it is older than {@code maxAge}, so a DDL
 * statement anywhere in the cluster shows within that time without each request paying for a full read. A caller
 * that just ran DDL itself calls {@link #invalidate()}.
 */
public final class CatalogService {

    private final CatalogReader reader;
    private final Clock clock;
    private final Duration maxAge;
    private volatile Catalog current;

    public CatalogService(Ignite ignite, Clock clock, Duration maxAge) {
        this.reader = new CatalogReader(ignite, clock);
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The current catalog; blocking (it may read the grid). */
    public Catalog catalog() {
        Catalog snapshot = current;
        if (snapshot == null || snapshot.readAt().plus(maxAge).isBefore(clock.instant())) {
            synchronized (this) {
                snapshot = current;
                if (snapshot == null || snapshot.readAt().plus(maxAge).isBefore(clock.instant())) {
                    snapshot = reader.read();
                    current = snapshot;
                }
            }
        }
        return snapshot;
    }

    public void invalidate() {
        current = null;
    }
}
