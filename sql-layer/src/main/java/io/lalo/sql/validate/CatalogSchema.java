package io.lalo.sql.validate;

import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.Frameworks;

/**
 * The catalog as a Calcite schema, so statements are validated against the live tables and column types without
 * touching Ignite's own planner: one sub-schema per SQL schema, PUBLIC also at the root so unqualified names
 * resolve as they do in Ignite.
 */
final class CatalogSchema {

    private static final Pattern TYPE = Pattern.compile("([A-Z]+)(?:\\((\\d+)(?:, (\\d+))?\\))?");

    private CatalogSchema() {
    }

    static SchemaPlus of(Catalog catalog) {
        SchemaPlus root = Frameworks.createRootSchema(false);
        Map<String, Map<String, Table>> bySchema = new HashMap<>();
        for (CatalogTable table : catalog.tables()) {
            bySchema.computeIfAbsent(table.schema(), s -> new HashMap<>()).put(table.name(), new CatalogBackedTable(table));
        }
        bySchema.forEach((schema, tables) -> root.add(schema, new FixedSchema(tables)));
        SchemaPlus publicSchema = root.getSubSchema("PUBLIC");
        return publicSchema != null ? publicSchema : root;
    }

    private static final class FixedSchema extends AbstractSchema {
        private final Map<String, Table> tables;

        FixedSchema(Map<String, Table> tables) {
            this.tables = Map.copyOf(tables);
        }

        @Override
        protected Map<String, Table> getTableMap() {
            return tables;
        }
    }

    private static final class CatalogBackedTable extends AbstractTable {
        private final CatalogTable table;

        CatalogBackedTable(CatalogTable table) {
            this.table = table;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory types) {
            RelDataTypeFactory.Builder row = types.builder();
            for (CatalogColumn column : table.columns()) {
                row.add(column.name(), types.createTypeWithNullability(type(types, column.type()), column.nullable()));
            }
            return row.build();
        }

        private static RelDataType type(RelDataTypeFactory types, String sqlType) {
            Matcher m = TYPE.matcher(sqlType);
            if (!m.matches()) {
                return types.createSqlType(SqlTypeName.ANY);
            }
            SqlTypeName name = switch (m.group(1)) {
                case "INTEGER" -> SqlTypeName.INTEGER;
                case "BIGINT" -> SqlTypeName.BIGINT;
                case "SMALLINT" -> SqlTypeName.SMALLINT;
                case "TINYINT" -> SqlTypeName.TINYINT;
                case "BOOLEAN" -> SqlTypeName.BOOLEAN;
                case "DOUBLE" -> SqlTypeName.DOUBLE;
                case "REAL" -> SqlTypeName.REAL;
                case "DECIMAL" -> SqlTypeName.DECIMAL;
                case "VARCHAR" -> SqlTypeName.VARCHAR;
                case "DATE" -> SqlTypeName.DATE;
                case "TIME" -> SqlTypeName.TIME;
                case "TIMESTAMP" -> SqlTypeName.TIMESTAMP;
                case "VARBINARY" -> SqlTypeName.VARBINARY;
                default -> SqlTypeName.ANY;
            };
            if (m.group(2) != null && name.allowsPrec()) {
                int precision = Integer.parseInt(m.group(2));
                return m.group(3) != null && name.allowsScale()
                        ? types.createSqlType(name, precision, Integer.parseInt(m.group(3)))
                        : types.createSqlType(name, precision);
            }
            return types.createSqlType(name);
        }
    }
}
