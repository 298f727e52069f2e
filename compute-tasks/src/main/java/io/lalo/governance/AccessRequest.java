package io.lalo.governance;

import java.util.Map;

/** A question for the policies: may this principal do this action on this resource, in this context? */
public record AccessRequest(Principal principal, String action, Resource resource, Map<String, Object> context) {

    public AccessRequest {
        context = Map.copyOf(context);
    }
}
