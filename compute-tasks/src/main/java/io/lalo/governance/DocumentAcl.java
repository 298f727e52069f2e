package io.lalo.governance;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A document's access list: the users and groups that may read it; both empty means everyone in the document's
 * tenant. A principal's groups are its {@code groups} attribute, comma-separated.
 */
public record DocumentAcl(String tenant, Set<String> users, Set<String> groups) implements Serializable {

    public DocumentAcl {
        users = Set.copyOf(users);
        groups = Set.copyOf(groups);
    }

    public boolean permits(Principal principal) {
        if (!tenant.equals(principal.tenant())) {
            return false;
        }
        if (users.isEmpty() && groups.isEmpty()) {
            return true;
        }
        if (users.contains(principal.id())) {
            return true;
        }
        Set<String> memberOf = Arrays.stream(principal.attributes().getOrDefault("groups", "").split(","))
                .map(String::trim).filter(group -> !group.isEmpty()).collect(Collectors.toSet());
        return memberOf.stream().anyMatch(groups::contains);
    }
}
