package io.lalo.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.config.LaloConfig;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped default policies (config/policies/default.yaml) give each role what the README promises. */
class DefaultPoliciesTest {

    private final PolicySet defaults = PolicySet.compile(PolicyStore.defaults());
    private final RoleHierarchy roles = RoleHierarchy.of(LaloConfig.defaults().auth().roleHierarchy());

    private boolean allowed(Principal principal, String action, Resource resource) {
        return defaults.evaluate(new AccessRequest(principal, action, resource, Map.of()), roles).allowed();
    }

    private static final Resource ORDERS = Resource.of("table", "ORDERS");
    private static final Resource ROUTE = Resource.of("route", "/v1/x");

    @Test
    void admin_mayDoAnything() {
        assertThat(allowed(Principal.of("root", "admin"), "admin.apikeys.create", ROUTE)).isTrue();
        assertThat(allowed(Principal.of("root", "admin"), "anything.at.all", ORDERS)).isTrue();
    }

    @Test
    void analyst_queriesTables_butCannotAdminister() {
        Principal analyst = Principal.of("ann", "analyst");
        assertThat(allowed(analyst, "sql.select", ORDERS)).isTrue();
        assertThat(allowed(analyst, "admin.apikeys.list", ROUTE)).isFalse();
        assertThat(allowed(analyst, "ops.metrics.read", ROUTE)).isFalse();
    }

    @Test
    void viewer_cannotQueryTables_butEvaluatesOwnRequests() {
        Principal viewer = Principal.of("vic", "viewer");
        assertThat(allowed(viewer, "sql.select", ORDERS)).isFalse();
        assertThat(allowed(viewer, "governance.evaluate", ROUTE)).isTrue();
        assertThat(allowed(viewer, "identity.read-self", ROUTE)).isTrue();
    }

    @Test
    void operator_readsMetrics_byRole_andAdminByInheritance() {
        assertThat(allowed(Principal.of("op", "operator"), "ops.metrics.read", ROUTE)).isTrue();
        assertThat(allowed(Principal.of("op", "operator"), "admin.apikeys.create", ROUTE)).isFalse();
    }

    @Test
    void documentSearch_staysInsideTheTenant() {
        Principal acme = new Principal("v", "acme", Set.of("viewer"), Map.of());
        assertThat(allowed(acme, "rag.search", new Resource("document", "d1", Map.of("tenant", "acme")))).isTrue();
        assertThat(allowed(acme, "rag.search", new Resource("document", "d2", Map.of("tenant", "globex")))).isFalse();
    }

    @Test
    void anyoneWithoutRoles_getsOnlySelfAndDocs() {
        Principal none = Principal.of("nobody");
        assertThat(allowed(none, "identity.read-self", ROUTE)).isTrue();
        assertThat(allowed(none, "governance.evaluate", ROUTE)).isFalse();
    }
}
