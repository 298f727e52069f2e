package io.lalo.sql;

import io.lalo.config.LaloConfig;
import io.lalo.governance.Governance;
import io.lalo.grid.LaloNode;
import io.lalo.lifecycle.LaloComponent;
import io.lalo.sql.cache.ResultCache;
import io.lalo.sql.cache.TableVersions;
import io.lalo.sql.catalog.CatalogService;
import io.lalo.sql.execute.GovernedSql;
import io.lalo.sql.nl2sql.GovernedNl2Sql;
import java.time.Clock;
import io.lalo.rag.embed.Embedder;
import io.lalo.sql.nl2sql.NameEmbeddings;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The SQL layer component: the catalog, governed SQL execution (parse, validate, authorize, audit, rewrite, run,
 * cache) and NL2SQL. Started after governance, which it consults.
 */
public final class SqlLayer implements LaloComponent {

    /** How stale the catalog may be: a DDL statement anywhere shows within this time. */
    static final Duration CATALOG_MAX_AGE = Duration.ofSeconds(1);

    private final LaloNode node;
    private final Governance governance;
    private volatile CatalogService catalog;
    private volatile GovernedSql governedSql;
    private volatile ResultCache resultCache;
    private volatile GovernedNl2Sql nl2sql;

    private final Supplier<Embedder> embedder;

    public SqlLayer(LaloNode node, Governance governance) {
        this(node, governance, () -> null);
    }

    /**
     * @param embedder the sentence-embedding model for NL2SQL's fuzzy schema linking (RAG's), or null while it is
     *                 not ready
     */
    public SqlLayer(LaloNode node, Governance governance, Supplier<Embedder> embedder) {
        this.node = node;
        this.governance = governance;
        this.embedder = embedder;
    }

    @Override
    public String name() {
        return "sql-layer";
    }

    @Override
    public CompletableFuture<Void> startAsync() {
        return LaloComponent.runOnOwnThread("lalo-sql-start", () -> {
            catalog = new CatalogService(node.ignite(), Clock.systemUTC(), CATALOG_MAX_AGE);
            LaloConfig.ResultCache cacheConfig = node.config().sql().resultCache();
            TableVersions versions = new TableVersions(node.ignite());
            resultCache = cacheConfig.enabled() ? new ResultCache(node.ignite(), cacheConfig, versions) : null;
            governedSql = new GovernedSql(node.ignite(), catalog, governance, versions, resultCache);
            nl2sql = new GovernedNl2Sql(node.ignite(), node.config(), catalog, governedSql, governance, versions,
                    new NameEmbeddings(embedder));
        });
    }

    @Override
    public CompletableFuture<Void> stopAsync() {
        return CompletableFuture.completedFuture(null);
    }

    /** Governed execution of SQL statements. */
    public GovernedSql sql() {
        GovernedSql service = governedSql;
        if (service == null) {
            throw new IllegalStateException("sql layer is not started");
        }
        return service;
    }

    /** NL2SQL: translation (examples, LLM, offline), validation, governance, execution. */
    public GovernedNl2Sql nl2sql() {
        GovernedNl2Sql service = nl2sql;
        if (service == null) {
            throw new IllegalStateException("sql layer is not started");
        }
        return service;
    }

    /** The result cache, when turned on. */
    public Optional<ResultCache> resultCache() {
        return Optional.ofNullable(resultCache);
    }

    public CatalogService catalog() {
        CatalogService service = catalog;
        if (service == null) {
            throw new IllegalStateException("sql layer is not started");
        }
        return service;
    }
}
