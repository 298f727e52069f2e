package io.lalo.edge.mcp;

import io.lalo.edge.CatalogRoutes;
import io.lalo.edge.DocumentRoutes;
import io.lalo.edge.PolicyEnforcement;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.lalo.rag.Rag;
import io.lalo.rag.store.DocumentRecord;
import io.lalo.rag.store.StoredChunk;
import io.lalo.sql.SqlLayer;
import io.lalo.sql.catalog.CatalogTable;
import io.lalo.workflow.WorkflowEngine;
import io.lalo.workflow.WorkflowStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LALO's data as MCP resources, read with the caller's rights: table schemas ({@code lalo://tables/{table}}, the
 * tables the caller may query), workflow definitions ({@code lalo://workflows/{workflow}}) and documents
 * ({@code lalo://documents/{document}}: metadata and passages, for documents the caller may read). Listing names
 * tables and workflows; documents are reached through their template. Also the prompts built on them and the
 * completion of their arguments.
 */
final class LaloResources implements ResourceProvider {

    static final String MIME = "application/json";
    private static final Pattern URI = Pattern.compile("lalo://(tables|workflows|documents)/([^/?#]{1,256})");

    private final Governance governance;
    private final SqlLayer sql;
    private final Rag rag;
    private final WorkflowEngine workflows;

    LaloResources(Governance governance, SqlLayer sql, Rag rag, WorkflowEngine workflows) {
        this.governance = governance;
        this.sql = sql;
        this.rag = rag;
        this.workflows = workflows;
    }

    /** Every resource the caller may read and that is listed (tables, then workflows). */
    @Override
    public List<JsonObject> list(Principal caller) {
        List<JsonObject> resources = new ArrayList<>();
        for (CatalogTable table : sql.catalog().catalog().tables()) {
            if (CatalogRoutes.queryable(governance, caller, table)) {
                resources.add(new JsonObject().put("uri", "lalo://tables/" + table.name()).put("name", table.name())
                        .put("title", "Table " + table.name()).put("description", "Schema of table " + table.name())
                        .put("mimeType", MIME));
            }
        }
        if (allowed(caller, "workflow.read", Resource.of("workflow", "*"))) {
            for (WorkflowStore.Version version : workflows.workflows().list()) {
                resources.add(new JsonObject().put("uri", "lalo://workflows/" + version.id())
                        .put("name", version.id()).put("title", "Workflow " + version.id())
                        .put("description", String.valueOf(version.definition().getOrDefault("description", "")))
                        .put("mimeType", MIME));
            }
        }
        return resources;
    }

    @Override
    public List<JsonObject> templates() {
        return List.of(template("lalo://tables/{table}", "table", "A table's columns, keys and relations"),
                template("lalo://documents/{document}", "document", "A document's metadata and passages"),
                template("lalo://workflows/{workflow}", "workflow", "A workflow's current definition"));
    }

    private static JsonObject template(String uri, String name, String description) {
        return new JsonObject().put("uriTemplate", uri).put("name", name).put("description", description)
                .put("mimeType", MIME);
    }

    /** The resource's contents, or empty when it does not exist or the caller may not read it. */
    @Override
    public Optional<JsonObject> read(Principal caller, String uri, String requestId) {
        Matcher match = URI.matcher(uri);
        if (!match.matches()) {
            return Optional.empty();
        }
        String name = java.net.URLDecoder.decode(match.group(2), java.nio.charset.StandardCharsets.UTF_8);
        Optional<JsonObject> content = switch (match.group(1)) {
            case "tables" -> authorized(caller, "catalog.read", Resource.of("catalog", name), requestId)
                    ? sql.catalog().catalog().table(name).filter(t -> CatalogRoutes.queryable(governance, caller, t))
                    .map(CatalogRoutes::detail) : Optional.empty();
            case "workflows" -> authorized(caller, "workflow.read", Resource.of("workflow", name), requestId)
                    ? workflows.workflows().get(name).map(v -> new JsonObject(v.definition())
                    .put("version", v.version())) : Optional.empty();
            default -> rag.store().get(name).filter(r -> DocumentRoutes.readable(governance, caller, r))
                    .map(this::document);
        };
        return content.map(json -> new JsonObject().put("uri", uri).put("mimeType", MIME).put("text",
                json.encodePrettily()));
    }

    private JsonObject document(DocumentRecord record) {
        JsonArray passages = new JsonArray();
        for (StoredChunk chunk : rag.store().chunksOf(record)) {
            passages.add(new JsonObject().put("section", chunk.section()).put("text", chunk.text()));
        }
        return DocumentRoutes.document(record).put("passages", passages);
    }

    /** Values for the argument of LALO's prompts and templates that start with what the client typed so far. */
    @Override
    public Optional<List<String>> complete(Principal caller, JsonObject ref, String argument, String prefix) {
        String kind = ref.getString("type", "");
        boolean ours = kind.equals("ref/prompt") ? LaloPrompts.named(ref.getString("name", "")).isPresent()
                : kind.equals("ref/resource") && templates().stream()
                .anyMatch(t -> t.getString("uriTemplate").equals(ref.getString("uri")));
        return ours ? Optional.of(values(caller, argument, prefix)) : Optional.empty();
    }

    private List<String> values(Principal caller, String argument, String prefix) {
        String typed = prefix == null ? "" : prefix.toLowerCase(java.util.Locale.ROOT);
        List<String> candidates = switch (argument) {
            case "table" -> sql.catalog().catalog().tables().stream()
                    .filter(t -> CatalogRoutes.queryable(governance, caller, t)).map(CatalogTable::name).toList();
            case "workflow" -> allowed(caller, "workflow.read", Resource.of("workflow", "*"))
                    ? workflows.workflows().list().stream().map(WorkflowStore.Version::id).toList() : List.of();
            default -> List.of();
        };
        return candidates.stream().filter(c -> c.toLowerCase(java.util.Locale.ROOT).startsWith(typed)).sorted()
                .toList();
    }

    private boolean allowed(Principal caller, String action, Resource resource) {
        return governance.decide(new io.lalo.governance.AccessRequest(caller, action, resource, Map.of()))
                .allowed();
    }

    private boolean authorized(Principal caller, String action, Resource resource, String requestId) {
        return PolicyEnforcement.authorize(governance, caller, action, resource, Map.of("via", "mcp"), requestId)
                .allowed();
    }
}
