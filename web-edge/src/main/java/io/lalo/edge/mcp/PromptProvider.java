package io.lalo.edge.mcp;

import io.lalo.governance.Principal;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/** A source of MCP prompts. */
interface PromptProvider {

    /** Each prompt's description: name, title, description, arguments. */
    List<JsonObject> list();

    /**
     * The prompt's messages for these arguments; empty when this provider has no such prompt.
     *
     * @throws JsonRpcException (invalid params) when a required argument is missing
     */
    Optional<JsonObject> get(String name, JsonObject arguments, Principal caller, String requestId);
}
