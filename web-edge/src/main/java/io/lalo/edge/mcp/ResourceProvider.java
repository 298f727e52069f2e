package io.lalo.edge.mcp;

import io.lalo.governance.Principal;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/** A source of MCP resources, templates and argument completions, read with the caller's rights. */
interface ResourceProvider {

    /** The listed resources the caller may read. */
    List<JsonObject> list(Principal caller);

    List<JsonObject> templates();

    /** One content item of the resource, or empty when this provider has no such resource for the caller. */
    Optional<JsonObject> read(Principal caller, String uri, String requestId);

    /**
     * Values completing {@code argument} of a prompt or template ({@code ref}), or empty when this provider does
     * not know the ref.
     */
    Optional<List<String>> complete(Principal caller, JsonObject ref, String argument, String prefix);
}
