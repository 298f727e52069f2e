package io.lalo.edge;

import io.lalo.config.LaloConfig;
import io.lalo.edge.mcp.McpServer;
import io.lalo.edge.auth.AuthenticationHandler;
import io.lalo.edge.auth.Authenticator;
import io.lalo.edge.auth.RateLimitHandler;
import io.lalo.edge.metrics.GridMetrics;
import io.lalo.edge.metrics.RagMetrics;
import io.lalo.edge.metrics.SqlMetrics;
import io.lalo.governance.Governance;
import io.lalo.lifecycle.LaloComponent;
import io.lalo.rag.Rag;
import io.lalo.rag.RagNodes;
import io.lalo.sql.SqlLayer;
import io.lalo.sql.SqlNodes;
import io.lalo.workflow.GovernanceNodes;
import io.lalo.workflow.WorkflowEngine;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge: one Vert.x server in front of the grid. Every request passes the same chain — request id,
 * authentication (401), rate limit (429), body policy (413/415), body reading — before its route, and every failure leaves through the one JSON error envelope.
 * Stopping first stops accepting connections, then lets in-flight requests finish within
 * {@code edge.shutdownTimeout}, so the grid node behind it can then leave the cluster cleanly.
 */
public final class EdgeServer implements LaloComponent {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);

    private final LaloConfig.Edge config;
    private final Supplier<Ignite> ignite;
    private final Governance governance;
    private final SqlLayer sql;
    private final Rag rag;
    private final WorkflowEngine workflows;
    private final LaloConfig.Rag ragConfig;
    private final int backups;
    private final LaloConfig.Auth auth;
    private final LaloConfig.Mcp mcp;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile Vertx vertx;
    private volatile Router router;
    private volatile HttpServer server;

    public EdgeServer(LaloConfig config, Supplier<Ignite> ignite, Governance governance, SqlLayer sql, Rag rag,
                      WorkflowEngine workflows) {
        this.config = config.edge();
        this.ignite = ignite;
        this.governance = governance;
        this.sql = sql;
        this.rag = rag;
        this.workflows = workflows;
        this.ragConfig = config.rag();
        this.backups = config.cluster().backups();
        this.auth = config.auth();
        this.mcp = config.mcp();
        // The service node types act through the components this edge serves.
        GovernanceNodes.register(workflows.types(), governance);
        RagNodes.register(workflows.types(), rag);
        SqlNodes.register(workflows.types(), sql);
    }

    @Override
    public String name() {
        return "web-edge";
    }

    /** The port the server listens on (useful when configured as 0). */
    public int port() {
        return server.actualPort();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    Router router() {
        return router;
    }

    @Override
    public CompletableFuture<Void> startAsync() {
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE));
        vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(metrics))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        router = createRouter(vertx);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setCompressionSupported(true);
        return vertx.createHttpServer(options)
                .requestHandler(router)
                .listen()
                .onSuccess(listening -> {
                    server = listening;
                    LOG.info("HTTP edge listening on {}:{}", config.host(), listening.actualPort());
                })
                .<Void>mapEmpty()
                .recover(failure -> vertx.close().transform(closed -> Future.failedFuture(
                        new IllegalStateException("cannot listen on " + config.host() + ":" + config.port()
                                + ": " + failure.getMessage(), failure))))
                .toCompletionStage()
                .toCompletableFuture();
    }

    private Router createRouter(Vertx vertx) {
        Router router = Router.router(vertx);
        ErrorEnvelope errors = new ErrorEnvelope();
        router.route().handler(new RequestIdHandler());
        router.route().handler(new AuthenticationHandler(
                new Authenticator(vertx, governance.apiKeys(), governance.authConfig()), governance.audit(),
                mcp.fixtures()));
        router.route().handler(new RateLimitHandler(governance.rateLimiter()));
        DocumentRoutes documents = new DocumentRoutes(vertx, governance, rag, ragConfig, uploadsDirectory());
        documents.mountBodyHandling(router);
        // Vert.x's body handler reads a body once: after a route's own reader (uploads) it passes the request on.
        router.route().handler(new BodyPolicyHandler(config.bodyLimit()));
        router.route().handler(BodyHandler.create(false).setBodyLimit(config.bodyLimit()));
        new HealthRoutes(vertx, ignite).mount(router);
        SqlMetrics.bind(registry, sql);
        new MetricsRoutes(vertx, registry, new GridMetrics(registry, ignite), governance).mount(router);
        new DocsRoutes(governance).mount(router);
        new ApiKeyRoutes(vertx, governance).mount(router);
        new GovernanceRoutes(vertx, governance).mount(router);
        new AuditRoutes(vertx, governance).mount(router);
        new CatalogRoutes(vertx, governance, sql).mount(router);
        new SqlRoutes(vertx, governance, sql).mount(router);
        new Nl2SqlRoutes(vertx, governance, sql).mount(router);
        RagMetrics.bind(registry, rag);
        documents.mount(router);
        new RagRoutes(vertx, governance, rag).mount(router);
        new WorkflowRoutes(vertx, governance, workflows).mount(router);
        new AskRoutes(vertx, governance, workflows).mount(router);
        new ProtectedResourceRoutes(auth).mount(router);
        McpServer.create(vertx, ignite.get(), backups, config.host(), mcp, governance, sql, rag, workflows)
                .mount(router);
        router.route().failureHandler(errors);
        for (int status : new int[] {400, 401, 403, 404, 405, 406, 408, 409, 413, 415, 429, 500, 503}) {
            router.errorHandler(status, errors);
        }
        return router;
    }

    private static Path uploadsDirectory() {
        try {
            return Files.createTempDirectory("lalo-uploads");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for document uploads", e);
        }
    }

    @Override
    public CompletableFuture<Void> stopAsync() {
        Vertx current = vertx;
        if (current == null || !stopping.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        Future<Void> shutdown = server == null ? Future.succeededFuture()
                : server.shutdown(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        // Vert.x is closed from a thread of its own: closing it from one of its event loops would leave the
        // completion with nowhere to run.
        Executor outsideVertx = task -> new Thread(task, "lalo-edge-stop").start();
        return shutdown.toCompletionStage().toCompletableFuture()
                .handle((ignored, failure) -> (Void) null)
                .thenComposeAsync(ignored -> current.close().toCompletionStage(), outsideVertx)
                .whenComplete((ignored, failure) -> registry.close());
    }
}
