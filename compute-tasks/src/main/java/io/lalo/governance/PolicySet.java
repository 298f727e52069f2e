package io.lalo.governance;

import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, compiled set of policies and the decision procedure over it: collect the enabled policies whose
 * action and resource patterns cover the request and whose condition is true; any deny among them decides (deny
 * wins); otherwise any allow decides, carrying the obligations of every allowing policy; with none, deny (default
 * deny). A condition that fails at run time (say, a missing attribute) does not apply, and is named in the reason.
 */
public final class PolicySet {

    public static final PolicySet EMPTY = new PolicySet(List.of(), List.of());

    private final List<Policy> policies;
    private final List<PolicyCompiler.CompiledPolicy> compiled;

    private PolicySet(List<Policy> policies, List<PolicyCompiler.CompiledPolicy> compiled) {
        this.policies = List.copyOf(policies);
        this.compiled = List.copyOf(compiled);
    }

    /** Compiles every policy; the first that cannot be compiled is reported as a {@link PolicyException}. */
    public static PolicySet compile(List<Policy> policies) {
        Map<String, Policy> seen = new HashMap<>();
        List<PolicyCompiler.CompiledPolicy> compiled = new ArrayList<>();
        for (Policy policy : policies) {
            if (seen.put(policy.id(), policy) != null) {
                throw new PolicyException(policy.id(), "id", "Duplicate policy id " + policy.id(), 0, 0);
            }
            compiled.add(PolicyCompiler.compile(policy));
        }
        return new PolicySet(policies, compiled);
    }

    public List<Policy> policies() {
        return policies;
    }

    /** Decides {@code request}; {@code roles} expands the principal's roles before conditions see them. */
    public Decision evaluate(AccessRequest request, RoleHierarchy roles) {
        Map<String, Object> activation = activation(request, roles);
        String resource = request.resource().qualifiedName();
        List<String> allowIds = new ArrayList<>();
        List<String> denyIds = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Obligations obligations = Obligations.NONE;
        Policy firstDeny = null;
        for (PolicyCompiler.CompiledPolicy candidate : compiled) {
            Policy policy = candidate.policy();
            if (!policy.enabled() || !candidate.covers(request.action(), resource)) {
                continue;
            }
            try {
                if (!Boolean.TRUE.equals(candidate.condition().eval(activation))) {
                    continue;
                }
            } catch (CelEvaluationException e) {
                failed.add(policy.id());
                continue;
            }
            if (policy.effect() == Effect.DENY) {
                denyIds.add(policy.id());
                firstDeny = firstDeny == null ? policy : firstDeny;
            } else {
                allowIds.add(policy.id());
                obligations = obligations.and(policy.obligations());
            }
        }
        String failures = failed.isEmpty() ? "" : " (conditions that could not be evaluated: "
                + String.join(", ", failed) + ")";
        if (firstDeny != null) {
            String why = firstDeny.description().isBlank() ? "" : ": " + firstDeny.description();
            return new Decision(Decision.Outcome.DENY, denyIds, "Denied by policy " + firstDeny.id() + why + failures,
                    Obligations.NONE);
        }
        if (allowIds.isEmpty()) {
            return new Decision(Decision.Outcome.DENY, List.of(), "No policy allows " + request.action() + " on "
                    + resource + failures, Obligations.NONE);
        }
        Decision.Outcome outcome = obligations.isEmpty() ? Decision.Outcome.ALLOW
                : Decision.Outcome.ALLOW_WITH_OBLIGATIONS;
        return new Decision(outcome, allowIds, "Allowed by " + String.join(", ", allowIds) + failures, obligations);
    }

    private static Map<String, Object> activation(AccessRequest request, RoleHierarchy roles) {
        Principal principal = request.principal();
        Map<String, Object> principalMap = new HashMap<>();
        principalMap.put("id", principal.id());
        principalMap.put("tenant", principal.tenant());
        principalMap.put("roles", List.copyOf(roles.effectiveRoles(principal.roles())));
        principalMap.put("attributes", principal.attributes());
        Map<String, Object> resourceMap = new HashMap<>();
        resourceMap.put("type", request.resource().type());
        resourceMap.put("name", request.resource().name());
        resourceMap.put("attributes", request.resource().attributes());
        return Map.of("principal", principalMap, "action", request.action(), "resource", resourceMap,
                "context", celValue(request.context()));
    }

    /** CEL knows 64-bit integers and doubles only; values from JSON or Java callers are widened to them. */
    private static Object celValue(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> converted = new HashMap<>();
            map.forEach((key, item) -> converted.put(String.valueOf(key), celValue(item)));
            return converted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PolicySet::celValue).toList();
        }
        return value;
    }
}
