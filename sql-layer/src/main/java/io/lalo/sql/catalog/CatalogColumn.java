package io.lalo.sql.catalog;

/**
 * One column: its name, SQL type (e.g. {@code DECIMAL(10, 2)}), whether it may be NULL, and whether it is part of
 * the primary key.
 */
public record CatalogColumn(String name, String type, boolean nullable, boolean primaryKey) {
}
