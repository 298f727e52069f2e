package io.lalo.governance;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who is asking: an id, the tenant they act in, their roles (as granted, before inheritance) and free-form
 * attributes that policies can test (e.g. {@code region}). Immutable; every request carries exactly one.
 */
public record Principal(String id, String tenant, Set<String> roles, Map<String, String> attributes)
        implements Serializable {

    public Principal {
        Objects.requireNonNull(id, "id");
        tenant = tenant == null || tenant.isBlank() ? "default" : tenant;
        roles = Set.copyOf(roles);
        attributes = Map.copyOf(attributes);
    }

    public static Principal of(String id, String... roles) {
        return new Principal(id, "default", Set.of(roles), Map.of());
    }
}
