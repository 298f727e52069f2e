package io.lalo.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lalo.config.LaloConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicySetTest {

    private final RoleHierarchy roles = RoleHierarchy.of(LaloConfig.defaults().auth().roleHierarchy());

    private static Policy allow(String id, String action, String resource, String condition) {
        return new Policy(id, "", Effect.ALLOW, List.of(action), List.of(resource), condition, null, true);
    }

    private static Policy deny(String id, String action, String resource, String condition) {
        return new Policy(id, "no " + action, Effect.DENY, List.of(action), List.of(resource), condition, null, true);
    }

    private static AccessRequest request(Principal principal, String action, Resource resource) {
        return new AccessRequest(principal, action, resource, Map.of());
    }

    private static final Principal ANALYST = new Principal("ann", "acme", Set.of("analyst"), Map.of("region", "emea"));
    private static final Resource ORDERS = Resource.of("table", "ORDERS");

    @Test
    void noMatchingPolicy_isDenied_byDefault() {
        Decision decision = PolicySet.EMPTY.evaluate(request(ANALYST, "sql.select", ORDERS), roles);
        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.DENY);
        assertThat(decision.policyIds()).isEmpty();
        assertThat(decision.reason()).contains("No policy allows sql.select on table:ORDERS");
    }

    @Test
    void matchingAllow_allows_andNamesThePolicy() {
        PolicySet set = PolicySet.compile(List.of(allow("analysts-read", "sql.select", "table:*",
                "'analyst' in principal.roles")));
        Decision decision = set.evaluate(request(ANALYST, "sql.select", ORDERS), roles);
        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.ALLOW);
        assertThat(decision.policyIds()).containsExactly("analysts-read");
        assertThat(set.evaluate(request(Principal.of("v", "viewer"), "sql.select", ORDERS), roles).allowed()).isFalse();
    }

    @Test
    void denyWins_overAnyAllow() {
        PolicySet set = PolicySet.compile(List.of(
                allow("analysts-read", "sql.*", "table:*", "'analyst' in principal.roles"),
                deny("no-salaries", "sql.select", "table:EMPLOYEES", "!('admin' in principal.roles)")));
        Decision decision = set.evaluate(request(ANALYST, "sql.select", Resource.of("table", "EMPLOYEES")), roles);
        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.DENY);
        assertThat(decision.policyIds()).containsExactly("no-salaries");
        assertThat(decision.reason()).contains("no-salaries").contains("no sql.select");
        assertThat(set.evaluate(request(ANALYST, "sql.select", ORDERS), roles).allowed()).isTrue();
    }

    @Test
    void inheritedRole_satisfiesAConditionOnTheImpliedRole() {
        PolicySet set = PolicySet.compile(List.of(allow("viewers-see-catalog", "catalog.read", "*",
                "'viewer' in principal.roles")));
        assertThat(set.evaluate(request(Principal.of("root", "admin"), "catalog.read", Resource.of("catalog", "all")),
                roles).allowed()).isTrue();
        assertThat(set.evaluate(request(Principal.of("nobody"), "catalog.read", Resource.of("catalog", "all")),
                roles).allowed()).isFalse();
    }

    @Test
    void obligationsOfEveryAllowingPolicy_addUp() {
        Policy masks = new Policy("mask-email", "", Effect.ALLOW, List.of("sql.select"), List.of("table:CUSTOMERS"),
                "true", new Obligations(Map.of("EMAIL", Obligations.MaskKind.PARTIAL), List.of(), false, false), true);
        Policy region = new Policy("own-region", "", Effect.ALLOW, List.of("sql.select"), List.of("table:CUSTOMERS"),
                "has(principal.attributes.region)", new Obligations(Map.of("EMAIL", Obligations.MaskKind.HASH),
                List.of("REGION_ID = 4"), true, false), true);
        Decision decision = PolicySet.compile(List.of(masks, region))
                .evaluate(request(ANALYST, "sql.select", Resource.of("table", "CUSTOMERS")), roles);
        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.ALLOW_WITH_OBLIGATIONS);
        assertThat(decision.obligations().maskColumns()).containsEntry("EMAIL", Obligations.MaskKind.HASH);
        assertThat(decision.obligations().rowFilters()).containsExactly("REGION_ID = 4");
        assertThat(decision.obligations().redactPii()).isTrue();
    }

    @Test
    void disabledPolicy_neverApplies() {
        Policy disabled = new Policy("off", "", Effect.ALLOW, List.of("*"), List.of("*"), "true", null, false);
        assertThat(PolicySet.compile(List.of(disabled)).evaluate(request(ANALYST, "x", ORDERS), roles).allowed())
                .isFalse();
    }

    @Test
    void conditionOverAttributesAndContext_isEvaluated() {
        PolicySet set = PolicySet.compile(List.of(allow("office-hours", "workflow.run", "workflow:*",
                "principal.attributes.region == resource.attributes.region && context.hour >= 8 && context.hour < 18")));
        Resource emeaFlow = new Resource("workflow", "ask", Map.of("region", "emea"));
        assertThat(set.evaluate(new AccessRequest(ANALYST, "workflow.run", emeaFlow, Map.of("hour", 10)), roles)
                .allowed()).isTrue();
        assertThat(set.evaluate(new AccessRequest(ANALYST, "workflow.run", emeaFlow, Map.of("hour", 20)), roles)
                .allowed()).isFalse();
    }

    @Test
    void conditionFailingAtRunTime_doesNotApply_andIsNamed() {
        PolicySet set = PolicySet.compile(List.of(allow("needs-level", "doc.read", "*",
                "principal.attributes.level == 'secret'")));
        Decision decision = set.evaluate(request(Principal.of("x", "viewer"), "doc.read", Resource.of("document",
                "d1")), roles);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).contains("needs-level");
    }

    @Test
    void syntaxError_isReported_withLineAndColumn() {
        assertThatThrownBy(() -> PolicySet.compile(List.of(allow("broken", "a", "*", "'admin' in principal.roles &&\n  (1 +"))))
                .isInstanceOfSatisfying(PolicyException.class, e -> {
                    assertThat(e.policyId()).isEqualTo("broken");
                    assertThat(e.field()).isEqualTo("condition");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isPositive();
                    assertThat(e.getMessage()).startsWith("CEL error");
                });
    }

    @Test
    void typeErrors_areRejected_whenCompiled() {
        assertThatThrownBy(() -> PolicySet.compile(List.of(allow("not-bool", "a", "*", "principal.id + 'x'"))))
                .isInstanceOf(PolicyException.class);
        assertThatThrownBy(() -> PolicySet.compile(List.of(allow("unknown-var", "a", "*", "user.id == 'x'"))))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.getMessage()).contains("user"));
        assertThatThrownBy(() -> PolicySet.compile(List.of(allow("bad-type", "a", "*", "action == 1"))))
                .isInstanceOf(PolicyException.class);
    }

    @Test
    void badFields_areRejected() {
        assertThatThrownBy(() -> PolicySet.compile(List.of(allow("Bad Id", "a", "*", "true"))))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.field()).isEqualTo("id"));
        assertThatThrownBy(() -> PolicySet.compile(List.of(allow("p", "a b", "*", "true"))))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.field()).isEqualTo("actions"));
        assertThatThrownBy(() -> PolicySet.compile(List.of(allow("p", "a", "*", "true"), allow("p", "b", "*", "true"))))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.getMessage()).contains("Duplicate"));
    }

    @Test
    void twentyPolicies_decideComplexRequestsCorrectly() {
        List<Policy> policies = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            policies.add(allow("team-" + i, "sql.select", "table:T" + i,
                    "principal.attributes.team == 'team" + i + "' && 'analyst' in principal.roles"));
        }
        policies.add(deny("no-contractors", "sql.*", "table:*", "principal.attributes.contractor == 'true'"));
        policies.add(allow("admins", "*", "*", "'admin' in principal.roles"));
        PolicySet set = PolicySet.compile(policies);

        Principal team7 = new Principal("t7", "acme", Set.of("analyst"), Map.of("team", "team7", "contractor", "false"));
        assertThat(set.evaluate(request(team7, "sql.select", Resource.of("table", "T7")), roles).policyIds())
                .containsExactly("team-7");
        assertThat(set.evaluate(request(team7, "sql.select", Resource.of("table", "T8")), roles).allowed()).isFalse();
        Principal contractor = new Principal("c", "acme", Set.of("analyst", "admin"),
                Map.of("team", "team7", "contractor", "true"));
        assertThat(set.evaluate(request(contractor, "sql.select", Resource.of("table", "T7")), roles).policyIds())
                .containsExactly("no-contractors");
        assertThat(set.evaluate(request(contractor, "admin.keys.list", Resource.of("route", "keys")), roles).policyIds())
                .containsExactly("admins");
    }
}
