/**
 * The SQL layer: the catalog built from Ignite's metadata and the recorded foreign keys, Calcite parse and
 * validation, governance rewrites, NL2SQL and governed execution, each stage in its own class under
 * {@code io.lalo.sql}. This module depends on {@code compute-tasks} and {@code grid-node} only.
 */
package io.lalo;
