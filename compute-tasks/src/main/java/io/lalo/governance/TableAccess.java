package io.lalo.governance;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a principal may see of one table for one action, as the SQL layer needs it: whether the table is allowed at
 * all (with the deciding decision), the requested columns it may not read, the masks on the ones it may, and the
 * row filters (bound to the principal) that every returned row must satisfy.
 */
public record TableAccess(String table, Decision decision, Set<String> deniedColumns,
                          Map<String, Obligations.MaskKind> masks, List<RowFilter> rowFilters) {

    public TableAccess {
        deniedColumns = Set.copyOf(deniedColumns);
        masks = Map.copyOf(masks);
        rowFilters = List.copyOf(rowFilters);
    }

    public boolean allowed() {
        return decision.allowed();
    }
}
