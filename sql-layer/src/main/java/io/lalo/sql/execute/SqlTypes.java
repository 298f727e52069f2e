package io.lalo.sql.execute;

import io.lalo.sql.catalog.SqlTypeNames;
import java.util.ArrayList;
import java.util.List;
import org.apache.ignite.cache.query.FieldsQueryCursor;
import org.apache.ignite.internal.processors.cache.query.QueryCursorEx;
import org.apache.ignite.internal.processors.query.GridQueryFieldMetadata;

/**
 * The result columns' types: as Ignite reports them (Java class names simplified to SQL names) where it knows them,
 * else as Calcite's validation derived them; Ignite's Calcite engine reports many columns only as {@code Object}.
 */
final class SqlTypes {

    private SqlTypes() {
    }

    static List<String> of(FieldsQueryCursor<?> cursor, int count, List<String> validatedTypes) {
        List<String> types = new ArrayList<>();
        if (cursor instanceof QueryCursorEx<?> ex) {
            for (GridQueryFieldMetadata field : ex.fieldsMeta()) {
                types.add(SqlTypeNames.of(field.fieldTypeName()));
            }
        }
        while (types.size() < count) {
            types.add("OTHER");
        }
        for (int i = 0; i < count && i < validatedTypes.size(); i++) {
            if (types.get(i).equals("OTHER")) {
                types.set(i, validatedTypes.get(i));
            }
        }
        return types;
    }
}
