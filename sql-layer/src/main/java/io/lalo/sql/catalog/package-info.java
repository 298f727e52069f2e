/**
 * The catalog: what tables, columns, keys and relations the grid holds, as NL2SQL, validation and the
 * {@code /v1/catalog} API see them. Read from Ignite's SQL system views and LALO's recorded foreign keys.
 */
package io.lalo.sql.catalog;
