package io.lalo.sql.catalog;

import io.lalo.schema.ForeignKey;
import io.lalo.grid.GridSql;
import io.lalo.schema.ForeignKeyRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.query.SqlFieldsQuery;

/**
 * Reads the catalog from Ignite's system views ({@code SYS.TABLES}, {@code SYS.TABLE_COLUMNS}) and LALO's foreign
 * keys. LALO's own tables (schema {@code LALO}) and the system schemas are left out: they are not user data.
 */
public final class CatalogReader {

    private static final Set<String> INTERNAL_SCHEMAS = Set.of("SYS", "LALO", "IGNITE", "INFORMATION_SCHEMA");

    private final Ignite ignite;
    private final ForeignKeyRegistry foreignKeys;
    private final Clock clock;
    private final Map<String, List<String>> declaredOrders = new ConcurrentHashMap<>();

    public CatalogReader(Ignite ignite, Clock clock) {
        this.ignite = ignite;
        this.foreignKeys = new ForeignKeyRegistry(ignite);
        this.clock = clock;
    }

    public Catalog read() {
        Map<String, TableBuilder> tables = new LinkedHashMap<>();
        for (List<?> row : sql("SELECT SCHEMA_NAME, TABLE_NAME, AFFINITY_KEY_COLUMN FROM SYS.TABLES")) {
            String schema = (String) row.get(0);
            if (!INTERNAL_SCHEMAS.contains(schema)) {
                tables.put(schema + "." + row.get(1), new TableBuilder(schema, (String) row.get(1),
                        (String) row.get(2)));
            }
        }
        for (List<?> row : sql("SELECT SCHEMA_NAME, TABLE_NAME, COLUMN_NAME, TYPE, NULLABLE, PK, PRECISION, SCALE "
                + "FROM SYS.TABLE_COLUMNS")) {
            TableBuilder table = tables.get(row.get(0) + "." + row.get(1));
            String column = (String) row.get(2);
            if (table == null || column.equals("_KEY") || column.equals("_VAL")) {
                continue;
            }
            boolean primaryKey = Boolean.TRUE.equals(row.get(5));
            table.columns.add(new CatalogColumn(column, sqlType(String.valueOf(row.get(3)), number(row.get(6)),
                    number(row.get(7))), !primaryKey && Boolean.TRUE.equals(row.get(4)), primaryKey));
            if (primaryKey) {
                table.primaryKey.add(column);
            }
        }
        List<ForeignKey> relations = foreignKeys.list();
        List<CatalogTable> result = new ArrayList<>();
        for (TableBuilder table : tables.values()) {
            List<String> order = declarationOrder(table);
            table.columns.sort(Comparator.comparingInt(column -> order.indexOf(column.name())));
            result.add(new CatalogTable(table.schema, table.name, table.columns, table.primaryKey,
                    table.affinityColumn,
                    relations.stream().filter(fk -> fk.table().equalsIgnoreCase(table.name)).toList(),
                    relations.stream().filter(fk -> fk.referencedTable().equalsIgnoreCase(table.name)).toList()));
        }
        result.sort(Comparator.comparing(CatalogTable::schema).thenComparing(CatalogTable::name));
        return new Catalog(result, clock.instant());
    }

    /**
     * The table's columns in the order they were declared ({@code SYS.TABLE_COLUMNS} has no order), as a query's
     * {@code SELECT *} returns them; remembered per column set, so it is asked once per table shape.
     */
    private List<String> declarationOrder(TableBuilder table) {
        List<String> names = table.columns.stream().map(CatalogColumn::name).sorted().toList();
        String shape = table.schema + "." + table.name + ":" + String.join(",", names);
        return declaredOrders.computeIfAbsent(shape, ignored -> {
            try (var cursor = GridSql.query(ignite, new SqlFieldsQuery("SELECT * FROM \"" + table.schema + "\".\""
                    + table.name + "\" WHERE 1 = 0"))) {
                List<String> order = new ArrayList<>();
                for (int i = 0; i < cursor.getColumnsCount(); i++) {
                    order.add(cursor.getFieldName(i));
                }
                return order;
            }
        });
    }

    /** The SQL type of a column from the Java class Ignite reports, with precision and scale where they apply. */
    static String sqlType(String javaType, int precision, int scale) {
        String name = SqlTypeNames.of(javaType);
        return switch (name) {
            case "DECIMAL" -> precision > 0 ? "DECIMAL(" + precision + ", " + Math.max(scale, 0) + ")" : name;
            case "VARCHAR" -> precision > 0 ? "VARCHAR(" + precision + ")" : name;
            default -> name;
        };
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : value instanceof BigDecimal d ? d.intValue() : -1;
    }

    private List<List<?>> sql(String query) {
        return GridSql.rows(ignite, new SqlFieldsQuery(query));
    }

    private static final class TableBuilder {
        final String schema;
        final String name;
        final String affinityColumn;
        final List<CatalogColumn> columns = new ArrayList<>();
        final List<String> primaryKey = new ArrayList<>();

        TableBuilder(String schema, String name, String affinityColumn) {
            this.schema = schema;
            this.name = name;
            this.affinityColumn = affinityColumn;
        }
    }
}
