/**
 * NL2SQL, offline: a question is split into {@link io.lalo.sql.nl2sql.Words}, linked to the catalog (table and
 * column names, semantic synonyms, values found in the data), read by a grammar of common question patterns into a
 * {@link io.lalo.sql.nl2sql.QuerySpec}, and written as SQL joined along foreign keys. Nothing here knows any
 * particular schema: every name comes from the catalog or from {@code config/semantic/*.yaml}.
 */
package io.lalo.sql.nl2sql;
