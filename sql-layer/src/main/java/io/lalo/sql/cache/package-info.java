/**
 * The result cache: query results kept in the grid, keyed by the governed statement (so by the caller's effective
 * policy), its parameters and row cap, and invalidated by per-table versions that every write through LALO bumps.
 */
package io.lalo.sql.cache;
