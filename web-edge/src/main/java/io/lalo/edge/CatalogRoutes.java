package io.lalo.edge;

import io.lalo.edge.auth.AuthenticationHandler;
import io.lalo.governance.AccessRequest;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.lalo.schema.ForeignKey;
import io.lalo.sql.SqlLayer;
import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/catalog} and {@code GET /v1/catalog/tables/{name}}: the tables the caller may query, with columns,
 * types, keys and relations. A table the caller may not {@code sql.select} is left out of the list and is a 404
 * on its own, so the catalog does not reveal what it protects.
 */
public final class CatalogRoutes {

    private final Vertx vertx;
    private final Governance governance;
    private final SqlLayer sql;

    CatalogRoutes(Vertx vertx, Governance governance, SqlLayer sql) {
        this.vertx = vertx;
        this.governance = governance;
        this.sql = sql;
    }

    void mount(Router router) {
        router.get("/v1/catalog").handler(PolicyEnforcement.require(governance, "catalog.read",
                ctx -> Resource.of("catalog", "all"))).handler(this::list);
        router.get("/v1/catalog/tables/:name").handler(PolicyEnforcement.require(governance, "catalog.read",
                ctx -> Resource.of("catalog", ctx.pathParam("name")))).handler(this::table);
    }

    private void list(RoutingContext ctx) {
        Principal caller = AuthenticationHandler.principal(ctx);
        vertx.executeBlocking(() -> sql.catalog().catalog(), false)
                .onSuccess(catalog -> Responses.json(ctx, 200, new JsonObject()
                        .put("tables", new JsonArray(catalog.tables().stream()
                                .filter(table -> visible(caller, table))
                                .map(table -> summary(table))
                                .toList()))
                        .put("readAt", catalog.readAt().toString())))
                .onFailure(ctx::fail);
    }

    private void table(RoutingContext ctx) {
        Principal caller = AuthenticationHandler.principal(ctx);
        String name = ctx.pathParam("name");
        vertx.executeBlocking(() -> sql.catalog().catalog().table(name)
                        .filter(table -> visible(caller, table))
                        .orElseThrow(() -> ApiException.notFound("No table " + name)), false)
                .onSuccess(table -> Responses.json(ctx, 200, detail(table)))
                .onFailure(ctx::fail);
    }

    private boolean visible(Principal caller, CatalogTable table) {
        return queryable(governance, caller, table);
    }

    /** Whether the caller may query the table: only such tables are shown in the catalog, over REST and MCP. */
    public static boolean queryable(Governance governance, Principal caller, CatalogTable table) {
        return governance.decide(new AccessRequest(caller, "sql.select", Resource.of("table", table.name()),
                Map.of())).allowed();
    }

    public static JsonObject summary(CatalogTable table) {
        return new JsonObject()
                .put("schema", table.schema())
                .put("name", table.name())
                .put("columns", table.columns().size())
                .put("primaryKey", new JsonArray(table.primaryKey()))
                .put("references", new JsonArray(table.references().stream().map(ForeignKey::referencedTable)
                        .distinct().toList()));
    }

    public static JsonObject detail(CatalogTable table) {
        return new JsonObject()
                .put("schema", table.schema())
                .put("name", table.name())
                .put("columns", new JsonArray(table.columns().stream().map(CatalogRoutes::column).toList()))
                .put("primaryKey", new JsonArray(table.primaryKey()))
                .put("affinityColumn", table.affinityColumn())
                .put("references", foreignKeys(table.references()))
                .put("referencedBy", foreignKeys(table.referencedBy()));
    }

    private static JsonObject column(CatalogColumn column) {
        return new JsonObject()
                .put("name", column.name())
                .put("type", column.type())
                .put("nullable", column.nullable())
                .put("primaryKey", column.primaryKey());
    }

    private static JsonArray foreignKeys(List<ForeignKey> keys) {
        return new JsonArray(keys.stream().map(fk -> new JsonObject()
                .put("name", fk.name())
                .put("table", fk.table())
                .put("column", fk.column())
                .put("referencedTable", fk.referencedTable())
                .put("referencedColumn", fk.referencedColumn())).toList());
    }
}
