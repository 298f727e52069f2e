package io.lalo.demo;

import java.util.Map;

/**
 * One generated row: its table, its primary-key columns and its other columns, in declaration order.
 */
record DemoRow(String table, Map<String, Object> key, Map<String, Object> value) {
}
