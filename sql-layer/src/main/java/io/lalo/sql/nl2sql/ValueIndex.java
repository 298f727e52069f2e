package io.lalo.sql.nl2sql;

import io.lalo.grid.GridSql;
import io.lalo.sql.cache.TableVersions;
import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.query.SqlFieldsQuery;

/**
 * The distinct values of each text column with few of them (at most {@value #MAX_DISTINCT}: categories, statuses,
 * cities, names in small tables), so "cancelled orders" links "cancelled" to {@code ORDERS.STATUS = 'CANCELLED'}.
 * Values are looked up by their words' stems. A table's values are read again when a write through LALO changes it
 * (its {@link TableVersions} counter) or after {@link #MAX_AGE}, for writes that bypass LALO.
 */
public final class ValueIndex {

    static final int MAX_DISTINCT = 2_000;
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final int MAX_VALUE_LENGTH = 80;

    /** A value found in the data. */
    public record Value(ColumnRef column, String value) {
    }

    private record TableValues(long version, Instant readAt, Map<String, List<Value>> byKey) {
    }

    private final Ignite ignite;
    private final TableVersions versions;
    private final Clock clock;
    private final Map<String, TableValues> tables = new ConcurrentHashMap<>();

    ValueIndex(Ignite ignite, TableVersions versions, Clock clock) {
        this.ignite = ignite;
        this.versions = versions;
        this.clock = clock;
    }

    /** Looks values up by their words' stems. */
    public interface Lookup {
        List<Value> find(List<String> stems);
    }

    /** The values of every table in {@code catalog}, brought up to date first (one read of the table counters). */
    Lookup lookup(Catalog catalog) {
        Set<String> names = new HashSet<>();
        catalog.tables().forEach(table -> names.add(table.name()));
        Map<String, Long> counters = versions.current(names);
        long everything = counters.getOrDefault(TableVersions.ANY_TABLE, 0L);
        List<Map<String, List<Value>>> indexes = new ArrayList<>();
        for (CatalogTable table : catalog.tables()) {
            indexes.add(values(table, everything + counters.getOrDefault(table.name(), 0L)).byKey());
        }
        return stems -> {
            String key = String.join(" ", stems);
            List<Value> found = new ArrayList<>();
            indexes.forEach(index -> found.addAll(index.getOrDefault(key, List.of())));
            return found;
        };
    }

    private TableValues values(CatalogTable table, long version) {
        String name = table.schema() + "." + table.name();
        TableValues current = tables.get(name);
        if (current == null || current.version() != version
                || current.readAt().plus(MAX_AGE).isBefore(clock.instant())) {
            current = read(table, version);
            tables.put(name, current);
        }
        return current;
    }

    private TableValues read(CatalogTable table, long version) {
        Map<String, List<Value>> byKey = new HashMap<>();
        for (CatalogColumn column : table.columns()) {
            ColumnRef ref = new ColumnRef(table.name(), column.name(), column.type());
            if (!ref.text() || column.primaryKey()) {
                continue;
            }
            List<List<?>> rows = GridSql.rows(ignite, new SqlFieldsQuery("SELECT DISTINCT \"" + column.name()
                    + "\" FROM \"" + table.schema() + "\".\"" + table.name() + "\" LIMIT " + (MAX_DISTINCT + 1)));
            if (rows.size() > MAX_DISTINCT) {
                continue;
            }
            for (List<?> row : rows) {
                Object value = row.get(0);
                if (value instanceof String text && text.length() <= MAX_VALUE_LENGTH
                        && text.chars().anyMatch(Character::isLetter)) {
                    String key = String.join(" ", Words.text(text));
                    byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Value(ref, text));
                }
            }
        }
        return new TableValues(version, clock.instant(), byKey);
    }
}
