package io.lalo.edge;

import io.lalo.governance.AccessRequest;
import io.lalo.governance.Decision;
import io.lalo.governance.Policy;
import io.lalo.governance.PolicyCodec;
import io.lalo.governance.PolicyException;
import io.lalo.governance.PolicyProposal;
import io.lalo.governance.PolicyVersion;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.lalo.governance.RoleHierarchy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The JSON shapes of governance values at the edge: principals, access requests, decisions and policies. */
final class GovernanceJson {

    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern PRINCIPAL_ID = Pattern.compile("[A-Za-z0-9._@:\\-]{1,128}");
    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");
    private static final Pattern RESOURCE_PART = Pattern.compile("[A-Za-z0-9_.:/@\\-]{1,256}");

    private GovernanceJson() {
    }

    /** A principal from {@code json}; field names in errors are prefixed with {@code field}. */
    static Principal principal(JsonObject json, String field, RoleHierarchy roles) {
        String id = JsonBodies.requiredString(json, "id", 128);
        if (!PRINCIPAL_ID.matcher(id).matches()) {
            throw ApiException.badRequest(field + ".id", "'" + field + ".id' may hold letters, digits and ._@:-");
        }
        Set<String> granted = JsonBodies.stringSet(json, "roles", ROLE, 16);
        for (String role : granted) {
            if (!roles.known(role)) {
                throw ApiException.badRequest(field + ".roles", "Unknown role '" + role + "'; known roles: "
                        + roles.knownRoles());
            }
        }
        return new Principal(id, JsonBodies.optionalString(json, "tenant", 64), granted,
                JsonBodies.stringMap(json, "attributes", 32));
    }

    static JsonObject principal(Principal principal) {
        return new JsonObject()
                .put("id", principal.id())
                .put("tenant", principal.tenant())
                .put("roles", new JsonArray(principal.roles().stream().sorted().toList()))
                .put("attributes", new JsonObject(Map.copyOf(principal.attributes())));
    }

    /** An access request; without a {@code principal} field it is about {@code caller}. */
    static AccessRequest accessRequest(JsonObject json, Principal caller, RoleHierarchy roles) {
        String action = JsonBodies.requiredString(json, "action", 128);
        if (!ACTION.matcher(action).matches()) {
            throw ApiException.badRequest("action", "'action' may hold letters, digits and ._-");
        }
        JsonObject resourceJson = JsonBodies.optionalObject(json, "resource");
        if (resourceJson == null) {
            throw ApiException.badRequest("resource", "'resource' is required: {\"type\": …, \"name\": …}");
        }
        String type = JsonBodies.requiredString(resourceJson, "type", 64);
        String name = JsonBodies.requiredString(resourceJson, "name", 256);
        if (!RESOURCE_PART.matcher(type).matches() || !RESOURCE_PART.matcher(name).matches()) {
            throw ApiException.badRequest("resource", "'resource.type' and 'resource.name' may hold letters, "
                    + "digits and _.:/@-");
        }
        Resource resource = new Resource(type, name, JsonBodies.stringMap(resourceJson, "attributes", 32));
        JsonObject principalJson = JsonBodies.optionalObject(json, "principal");
        Principal principal = principalJson == null ? caller : principal(principalJson, "principal", roles);
        JsonObject context = JsonBodies.optionalObject(json, "context");
        return new AccessRequest(principal, action, resource, context == null ? Map.of() : context.getMap());
    }

    static JsonObject decision(Decision decision) {
        return new JsonObject()
                .put("outcome", decision.outcome().name().toLowerCase(Locale.ROOT))
                .put("policyIds", new JsonArray(decision.policyIds()))
                .put("reason", decision.reason())
                .put("obligations", new JsonObject(PolicyCodec.toMap(decision.obligations())));
    }

    /** A policy from the request body; a mistake is a 400 naming the field (and for CEL, line and column). */
    static Policy policy(JsonObject json) {
        try {
            return PolicyCodec.fromMap(json.getMap());
        } catch (PolicyException e) {
            throw invalidPolicy(e);
        }
    }

    static ApiException invalidPolicy(PolicyException e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("field", e.field());
        if (e.policyId() != null) {
            details.put("policyId", e.policyId());
        }
        if (e.line() > 0) {
            details.put("line", e.line());
            details.put("column", e.column());
        }
        return new ApiException(400, "INVALID_POLICY", e.getMessage(), details);
    }

    static JsonObject proposal(PolicyProposal proposal) {
        return new JsonObject()
                .put("id", proposal.id())
                .put("kind", proposal.kind())
                .put("policy", new JsonObject(proposal.policy()))
                .put("proposedBy", proposal.proposedBy())
                .put("proposedAt", proposal.proposedAt().toString())
                .put("approvals", new JsonArray(proposal.approvals()))
                .put("status", proposal.status())
                .put("decidedBy", proposal.decidedBy())
                .put("decidedAt", proposal.decidedAt() == null ? null : proposal.decidedAt().toString())
                .put("appliedVersion", proposal.appliedVersion());
    }

    static JsonObject policyVersion(PolicyVersion version) {
        return new JsonObject(PolicyCodec.toMap(version.policy()))
                .put("version", version.version())
                .put("updatedAt", version.updatedAt().toString())
                .put("updatedBy", version.updatedBy())
                .put("deleted", version.deleted());
    }
}
