package io.lalo.sql.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A snapshot of the user tables in the grid, taken at {@code readAt}. */
public record Catalog(List<CatalogTable> tables, Instant readAt) {

    public Catalog {
        tables = List.copyOf(tables);
    }

    /** The table named {@code name} (case-insensitive), in any user schema. */
    public Optional<CatalogTable> table(String name) {
        return tables.stream().filter(table -> table.name().equalsIgnoreCase(name)).findFirst();
    }
}
