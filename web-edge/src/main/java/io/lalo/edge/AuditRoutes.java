package io.lalo.edge;

import io.lalo.audit.AuditEvent;
import io.lalo.audit.AuditFilter;
import io.lalo.audit.ChainCheck;
import io.lalo.governance.Governance;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * The audit trail over HTTP: {@code GET /v1/audit} (filtered, paged, newest first), {@code GET /v1/audit/verify}
 * (walks every hash chain), and {@code GET /v1/governance/reports/compliance} as JSON or, with
 * {@code Accept: text/csv}, CSV. All reads run on worker threads.
 */
public final class AuditRoutes {

    private static final int MAX_LIMIT = 1_000;
    public static final Set<String> OUTCOMES = Set.of("allow", "allow_with_obligations", "deny");

    private final Vertx vertx;
    private final Governance governance;

    AuditRoutes(Vertx vertx, Governance governance) {
        this.vertx = vertx;
        this.governance = governance;
    }

    void mount(Router router) {
        router.get("/v1/audit").handler(PolicyEnforcement.require(governance, "audit.read")).handler(this::search);
        router.get("/v1/audit/verify").handler(PolicyEnforcement.require(governance, "audit.verify"))
                .handler(ctx -> vertx.executeBlocking(() -> governance.auditVerifier().verify(), false)
                        .onSuccess(check -> Responses.json(ctx, 200, checkJson(check)))
                        .onFailure(ctx::fail));
        router.get("/v1/governance/reports/compliance")
                .handler(PolicyEnforcement.require(governance, "governance.reports.read"))
                .handler(this::report);
    }

    private void search(RoutingContext ctx) {
        Instant to = instant(ctx, "to", Instant.now().plusSeconds(1));
        Instant from = instant(ctx, "from", to.minus(Duration.ofDays(1)));
        String outcome = ctx.queryParams().get("outcome");
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw ApiException.badRequest("outcome", "'outcome' must be one of " + OUTCOMES);
        }
        AuditFilter filter = new AuditFilter(from, to, ctx.queryParams().get("principal"),
                ctx.queryParams().get("action"), outcome);
        int limit = QueryParams.integer(ctx, "limit", 100, 1, MAX_LIMIT);
        int offset = QueryParams.integer(ctx, "offset", 0, 0, 1_000_000);
        vertx.executeBlocking(() -> governance.auditQueries().search(filter, limit, offset), false)
                .onSuccess(events -> Responses.json(ctx, 200, new JsonObject()
                        .put("events", new JsonArray(events.stream().map(AuditRoutes::eventJson).toList()))
                        .put("limit", limit)
                        .put("offset", offset)
                        .put("nextOffset", events.size() == limit ? offset + limit : null)))
                .onFailure(ctx::fail);
    }

    private void report(RoutingContext ctx) {
        Instant to = instant(ctx, "to", Instant.now().plusSeconds(1));
        Instant from = instant(ctx, "from", to.minus(Duration.ofDays(30)));
        boolean csv = String.valueOf(ctx.request().getHeader(HttpHeaders.ACCEPT)).contains("text/csv");
        vertx.executeBlocking(() -> governance.auditQueries().report(from, to), false)
                .onSuccess(report -> {
                    if (csv) {
                        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
                                .putHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=compliance.csv")
                                .end(ComplianceCsv.write(report));
                    } else {
                        Responses.json(ctx, 200, JsonObject.mapFrom(report));
                    }
                })
                .onFailure(ctx::fail);
    }

    private static Instant instant(RoutingContext ctx, String name, Instant fallback) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name, "'" + name + "' must be an ISO-8601 instant, e.g. "
                    + "2026-11-27T10:00:00Z");
        }
    }

    public static JsonObject eventJson(AuditEvent event) {
        return new JsonObject()
                .put("chain", event.chain())
                .put("seq", event.seq())
                .put("time", event.time().toString())
                .put("principal", event.principal())
                .put("tenant", event.tenant())
                .put("action", event.action())
                .put("resource", event.resource())
                .put("outcome", event.outcome())
                .put("policyIds", new JsonArray(List.copyOf(event.policyIds())))
                .put("requestId", event.requestId())
                .put("reason", event.reason())
                .put("redacted", event.redacted())
                .put("hash", event.hash());
    }

    private static JsonObject checkJson(ChainCheck check) {
        JsonObject json = new JsonObject()
                .put("intact", check.intact())
                .put("chains", check.chains())
                .put("eventsChecked", check.events());
        check.firstBroken().ifPresent(broken -> json.put("firstBroken", new JsonObject()
                .put("chain", broken.chain()).put("seq", broken.seq()).put("problem", broken.problem())));
        return json;
    }
}
