package io.lalo.sql.catalog;

import io.lalo.schema.ForeignKey;
import java.util.List;
import java.util.Optional;

/**
 * One table: schema, name, columns in declaration order, primary-key columns, the affinity column that
 * co-locates its rows (if any), and its foreign keys out (references) and in (referenced by).
 */
public record CatalogTable(String schema, String name, List<CatalogColumn> columns, List<String> primaryKey,
                           String affinityColumn, List<ForeignKey> references, List<ForeignKey> referencedBy) {

    public CatalogTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        references = List.copyOf(references);
        referencedBy = List.copyOf(referencedBy);
    }

    public Optional<CatalogColumn> column(String columnName) {
        return columns.stream().filter(column -> column.name().equalsIgnoreCase(columnName)).findFirst();
    }
}
