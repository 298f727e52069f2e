package io.lalo.schema;

/**
 * A foreign-key relation between two SQL tables. Ignite does not enforce foreign keys, so LALO records them
 * itself: the catalog and NL2SQL join along them.
 *
 * @param name constraint name, unique in the cluster
 * @param table the referencing table
 * @param column the referencing column
 * @param referencedTable the table whose primary key is referenced
 * @param referencedColumn that table's primary-key column
 */
public record ForeignKey(String name, String table, String column, String referencedTable, String referencedColumn) {

    public static ForeignKey of(String table, String column, String referencedTable, String referencedColumn) {
        return new ForeignKey("FK_" + table + "_" + column, table, column, referencedTable, referencedColumn);
    }
}
