package io.lalo.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.config.LaloConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Table, column, mask and row-filter rules, and document ACLs, as the SQL and RAG modules will ask for them. */
class FineGrainedAccessTest {

    private final RoleHierarchy roles = RoleHierarchy.of(LaloConfig.defaults().auth().roleHierarchy());

    private final PolicySet policies = PolicySet.compile(List.of(
            new Policy("analysts-read-customers", "", Effect.ALLOW, List.of("sql.select"), List.of("table:CUSTOMERS"),
                    "'analyst' in principal.roles",
                    new Obligations(Map.of("EMAIL", Obligations.MaskKind.PARTIAL, "CUSTOMERS.NAME",
                            Obligations.MaskKind.HASH, "ORDERS.TOTAL", Obligations.MaskKind.FULL),
                            List.of("REGION_ID = {principal.attributes.region}"), false, false), true),
            new Policy("no-signup-dates", "", Effect.DENY, List.of("sql.select"), List.of("column:CUSTOMERS.SIGNUP_DATE"),
                    "!('admin' in principal.roles)", null, true),
            new Policy("docs", "", Effect.ALLOW, List.of("rag.search"), List.of("document:*"),
                    "'viewer' in principal.roles", null, true)));

    private static final Principal EMEA = new Principal("ann", "acme", Set.of("analyst"), Map.of("region", "4"));

    @Test
    void allowedTable_carriesMasksBoundRowFiltersAndDeniedColumns() {
        TableAccess access = FineGrainedAccess.table(policies, roles, EMEA, "sql.select", "CUSTOMERS",
                List.of("ID", "NAME", "EMAIL", "SIGNUP_DATE"));
        assertThat(access.allowed()).isTrue();
        assertThat(access.deniedColumns()).containsExactly("SIGNUP_DATE");
        assertThat(access.masks()).containsOnly(Map.entry("EMAIL", Obligations.MaskKind.PARTIAL),
                Map.entry("NAME", Obligations.MaskKind.HASH));
        assertThat(access.rowFilters()).containsExactly(new RowFilter("REGION_ID = ?", List.of("4")));
    }

    @Test
    void rowFilter_neverSplicesValues_andFailsClosedWithoutTheAttribute() {
        Principal sneaky = new Principal("x", "acme", Set.of("analyst"), Map.of("region", "4 OR 1=1"));
        assertThat(RowFilter.bind("REGION_ID = {principal.attributes.region}", sneaky))
                .isEqualTo(new RowFilter("REGION_ID = ?", List.of("4 OR 1=1")));
        Principal noRegion = new Principal("y", "acme", Set.of("analyst"), Map.of());
        assertThat(RowFilter.bind("REGION_ID = {principal.attributes.region}", noRegion)).isEqualTo(RowFilter.NO_ROWS);
        assertThat(RowFilter.bind("OWNER = {principal.id} AND TENANT = {principal.tenant}", EMEA).parameters())
                .containsExactly("ann", "acme");
    }

    @Test
    void deniedTable_deniesEveryRequestedColumn() {
        TableAccess access = FineGrainedAccess.table(policies, roles, Principal.of("v", "viewer"), "sql.select",
                "CUSTOMERS", List.of("ID", "EMAIL"));
        assertThat(access.allowed()).isFalse();
        assertThat(access.deniedColumns()).containsExactlyInAnyOrder("ID", "EMAIL");
    }

    @Test
    void documents_needTheirAclAndThePolicies() {
        DocumentAcl finance = new DocumentAcl("acme", Set.of("carol"), Set.of("finance"));
        Principal inFinance = new Principal("dan", "acme", Set.of("viewer"), Map.of("groups", "sales, finance"));
        Principal outsider = new Principal("eve", "acme", Set.of("viewer"), Map.of("groups", "sales"));
        Principal otherTenant = new Principal("carol", "globex", Set.of("viewer"), Map.of());
        assertThat(FineGrainedAccess.document(policies, roles, inFinance, "rag.search", "d1", finance).allowed())
                .isTrue();
        assertThat(FineGrainedAccess.document(policies, roles, outsider, "rag.search", "d1", finance).reason())
                .contains("access list");
        assertThat(FineGrainedAccess.document(policies, roles, otherTenant, "rag.search", "d1", finance).allowed())
                .isFalse();
        DocumentAcl open = new DocumentAcl("acme", Set.of(), Set.of());
        assertThat(FineGrainedAccess.document(policies, roles, outsider, "rag.search", "d2", open).allowed()).isTrue();
        assertThat(FineGrainedAccess.document(policies, roles, Principal.of("nobody"), "rag.search", "d2",
                new DocumentAcl("default", Set.of(), Set.of())).allowed()).isFalse();
    }
}
