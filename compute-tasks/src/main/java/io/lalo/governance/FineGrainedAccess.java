package io.lalo.governance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks other modules make below the request level, over the same policies. A table is checked as resource
 * {@code table:T}; each requested column as {@code column:T.C} (so a deny on one column hides it without hiding
 * the table); masks and row filters come from the table decision's obligations (a mask named {@code C} or
 * {@code T.C} applies to column C of T). A document must pass both its ACL and the policies.
 */
public final class FineGrainedAccess {

    private FineGrainedAccess() {
    }

    public static TableAccess table(PolicySet policies, RoleHierarchy roles, Principal principal, String action,
                                    String table, Collection<String> columns) {
        Decision decision = policies.evaluate(new AccessRequest(principal, action, Resource.of("table", table),
                Map.of()), roles);
        if (!decision.allowed()) {
            return new TableAccess(table, decision, Set.copyOf(columns), Map.of(), List.of());
        }
        Set<String> denied = new LinkedHashSet<>();
        for (String column : columns) {
            Decision columnDecision = policies.evaluate(new AccessRequest(principal, action,
                    Resource.of("column", table + "." + column), Map.of()), roles);
            if (columnDecision.outcome() == Decision.Outcome.DENY && !columnDecision.policyIds().isEmpty()) {
                denied.add(column);
            }
        }
        Map<String, Obligations.MaskKind> masks = new HashMap<>();
        decision.obligations().maskColumns().forEach((name, kind) -> {
            String column = name.startsWith(table + ".") ? name.substring(table.length() + 1) : name;
            if (!column.contains(".")) {
                masks.put(column, kind);
            }
        });
        List<RowFilter> filters = new ArrayList<>();
        for (String filter : decision.obligations().rowFilters()) {
            filters.add(RowFilter.bind(filter, principal));
        }
        return new TableAccess(table, decision, denied, masks, filters);
    }

    public static Decision document(PolicySet policies, RoleHierarchy roles, Principal principal, String action,
                                    String documentId, DocumentAcl acl) {
        if (!acl.permits(principal)) {
            return new Decision(Decision.Outcome.DENY, List.of(), "Not on the access list of document "
                    + documentId, Obligations.NONE);
        }
        return policies.evaluate(new AccessRequest(principal, action, new Resource("document", documentId,
                Map.of("tenant", acl.tenant())), Map.of()), roles);
    }
}
