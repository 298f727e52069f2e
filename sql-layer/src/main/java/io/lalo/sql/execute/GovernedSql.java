package io.lalo.sql.execute;

import io.lalo.governance.AccessRequest;
import io.lalo.governance.Decision;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.lalo.governance.TableAccess;
import io.lalo.grid.GridSql;
import io.lalo.sql.cache.ResultCache;
import io.lalo.sql.cache.TableVersions;
import io.lalo.sql.catalog.CatalogService;
import io.lalo.sql.catalog.CatalogTable;
import io.lalo.sql.rewrite.GovernanceRewriter;
import io.lalo.sql.rewrite.TableView;
import io.lalo.sql.rewrite.TableViews;
import io.lalo.sql.validate.SqlStatementValidator;
import io.lalo.sql.validate.SqlValidationException;
import io.lalo.sql.validate.StatementKind;
import io.lalo.sql.validate.ValidatedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cache.query.FieldsQueryCursor;
import org.apache.ignite.cache.query.SqlFieldsQuery;

/**
 * Runs one statement the governed way: parse and validate against the catalog; decide the statement kind's action
 * on every table it touches (queries: {@code sql.select} per table read, with column, mask and row-filter rules;
 * DML and DDL: {@code sql.dml} / {@code sql.ddl}, admins only by default); record each table access in the audit
 * trail; then execute through Ignite's SQL (Calcite engine) with the request's parameters, row cap and timeout.
 *
 * <p>Column masks, column denials and row filters are enforced by {@link GovernanceRewriter}: every reference to
 * such a table is replaced by a governed view of it, so no projection, join, key or ordering can expose what the
 * rules protect.
 */
public final class GovernedSql {

    private final Ignite ignite;
    private final CatalogService catalog;
    private final Governance governance;
    private final TableVersions versions;
    private final ResultCache results;

    /** {@code results} is null when the result cache is turned off. */
    public GovernedSql(Ignite ignite, CatalogService catalog, Governance governance, TableVersions versions,
                       ResultCache results) {
        this.ignite = ignite;
        this.catalog = catalog;
        this.governance = governance;
        this.versions = versions;
        this.results = results;
    }

    /** Validates, authorizes, audits and runs {@code request} for {@code principal}; blocking. */
    public SqlResult execute(Principal principal, SqlRequest sent, String requestId) {
        ValidatedStatement statement = SqlStatementValidator.validate(sent.sql(), catalog.catalog());
        SqlRequest request = typed(sent, statement);
        if (statement.kind() == StatementKind.QUERY) {
            String governed = GovernanceRewriter.rewrite(request.sql(), governedViews(principal, statement, requestId));
            if (results == null || !request.useCache() || !statement.deterministic()) {
                return run(statement, governed, request);
            }
            ResultCache.Lookup lookup = results.lookup(governed, request.params(), request.maxRows(),
                    statement.tables());
            if (lookup.result().isPresent()) {
                return lookup.result().get().fromCache();
            }
            SqlResult result = run(statement, governed, request);
            results.store(lookup, result);
            return result;
        }
        Resource target = Resource.of("schema", "PUBLIC");
        Decision decision = governance.decide(new AccessRequest(principal, statement.kind().action(), target,
                Map.of()));
        governance.recordOrRefuse(principal, statement.kind().action(), target, decision, requestId, false);
        if (!decision.allowed()) {
            throw new SqlForbiddenException(decision, statement.kind().action(), target.qualifiedName());
        }
        try {
            return run(statement, request.sql(), request);
        } finally {
            // Also after a failure: a statement that failed part-way may still have changed rows.
            changed(statement);
        }
    }

    /**
     * Validates a query against the catalog and authorizes (and audits) every table it reads for
     * {@code principal}, without running it: what NL2SQL does before it returns a statement. Throws
     * {@link SqlValidationException} for anything but one valid query, {@link SqlForbiddenException} when a table is
     * refused.
     */
    public ValidatedStatement authorize(Principal principal, String sql, String requestId) {
        ValidatedStatement statement = SqlStatementValidator.validate(sql, catalog.catalog());
        if (statement.kind() != StatementKind.QUERY) {
            throw new SqlValidationException("Only queries are allowed here, not " + statement.kind(), 0, 0);
        }
        governedViews(principal, statement, requestId);
        return statement;
    }

    /**
     * Validates, authorizes and audits a query like {@link #execute}, then streams its rows to {@code sink} instead
     * of collecting them (never from or into the result cache); returns whether the row cap cut it short.
     */
    public boolean stream(Principal principal, SqlRequest sent, String requestId, RowSink sink) {
        ValidatedStatement statement = SqlStatementValidator.validate(sent.sql(), catalog.catalog());
        SqlRequest request = typed(sent, statement);
        if (statement.kind() != StatementKind.QUERY) {
            throw new SqlValidationException("Only queries can be streamed; send " + statement.kind()
                    + " statements as JSON", 0, 0);
        }
        String governed = GovernanceRewriter.rewrite(request.sql(), governedViews(principal, statement, requestId));
        return query(statement, governed, request, sink);
    }

    /** The request with its parameters converted to the types the statement's placeholders have. */
    private static SqlRequest typed(SqlRequest request, ValidatedStatement statement) {
        return new SqlRequest(request.sql(), SqlParameters.coerce(request.params(), statement.parameterTypes()),
                request.maxRows(), request.timeout(), request.useCache());
    }

    /** After DML or DDL: cached results that depend on what changed are stale; DDL also changes the catalog. */
    private void changed(ValidatedStatement statement) {
        if (statement.kind() == StatementKind.DDL || statement.tables().isEmpty()) {
            catalog.invalidate();
            versions.bump(TableVersions.ANY_TABLE);
        } else {
            statement.tables().forEach(versions::bump);
        }
    }

    /**
     * Explains a query without running it: Calcite's validated logical plan, the statement as rewritten for the
     * caller, and Ignite's EXPLAIN of that. Authorized and audited like running it.
     */
    public SqlExplanation explain(Principal principal, String sql, String requestId) {
        ValidatedStatement statement = SqlStatementValidator.validate(sql, catalog.catalog());
        if (statement.kind() != StatementKind.QUERY) {
            throw new SqlValidationException("Only queries can be explained", 0, 0);
        }
        String rewritten = GovernanceRewriter.rewrite(sql, governedViews(principal, statement, requestId));
        StringBuilder plan = new StringBuilder();
        try (FieldsQueryCursor<List<?>> cursor = GridSql.query(ignite, new SqlFieldsQuery("EXPLAIN PLAN FOR " + rewritten)
                .setSchema("PUBLIC"))) {
            for (List<?> row : cursor) {
                plan.append(row.get(0)).append('\n');
            }
        } catch (CacheException | IgniteException e) {
            throw new SqlExecutionException(rootMessage(e), false);
        }
        return new SqlExplanation(statement.logicalPlan(), rewritten, plan.toString(), statement.tables());
    }

    /** Authorizes every table a query reads; the governed views to read them through, by upper-case name. */
    private Map<String, TableView> governedViews(Principal principal, ValidatedStatement statement,
                                                 String requestId) {
        Map<String, TableView> views = new HashMap<>();
        for (String table : statement.tables()) {
            TableView view = authorizeRead(principal, table, requestId);
            if (view != null) {
                views.put(table.toUpperCase(Locale.ROOT), view);
            }
        }
        return views;
    }

    /** Authorizes reading {@code table}; returns the governed view to read it through, or null for the table. */
    private TableView authorizeRead(Principal principal, String table, String requestId) {
        CatalogTable described = catalog.catalog().table(table)
                .orElseThrow(() -> new SqlValidationException("Unknown table " + table, 0, 0));
        List<String> columns = described.columns().stream().map(column -> column.name()).toList();
        TableAccess access = governance.tableAccess(principal, "sql.select", table, columns);
        Resource resource = Resource.of("table", table);
        governance.recordOrRefuse(principal, "sql.select", resource, access.decision(), requestId, false);
        if (!access.allowed()) {
            throw new SqlForbiddenException(access.decision(), "sql.select", resource.qualifiedName());
        }
        return TableViews.of(described, access);
    }

    private SqlResult run(ValidatedStatement statement, String sql, SqlRequest request) {
        if (statement.kind() != StatementKind.QUERY) {
            try (FieldsQueryCursor<List<?>> cursor = GridSql.query(ignite, query(sql, request))) {
                Iterator<List<?>> rows = cursor.iterator();
                long count = rows.hasNext() ? ((Number) rows.next().get(0)).longValue() : 0;
                return new SqlResult(statement.kind(), List.of(), List.of(), List.of(), false,
                        statement.kind() == StatementKind.DML ? count : 0, false);
            } catch (CacheException | IgniteException e) {
                throw executionFailure(e);
            }
        }
        List<List<Object>> collected = new ArrayList<>();
        List<List<String>> header = new ArrayList<>();
        boolean truncated = query(statement, sql, request, new RowSink() {
            @Override
            public void start(List<String> columns, List<String> types) {
                header.add(columns);
                header.add(types);
            }

            @Override
            public void row(List<?> row) {
                collected.add(new ArrayList<>(row));
            }
        });
        return new SqlResult(StatementKind.QUERY, header.get(0), header.get(1), collected, truncated, 0, false);
    }

    /** Runs a query, handing its header and at most {@code maxRows} rows to {@code sink}; true if more were there. */
    private boolean query(ValidatedStatement statement, String sql, SqlRequest request, RowSink sink) {
        try (FieldsQueryCursor<List<?>> cursor = GridSql.query(ignite, query(sql, request))) {
            Iterator<List<?>> rows = cursor.iterator();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < cursor.getColumnsCount(); i++) {
                names.add(cursor.getFieldName(i));
            }
            sink.start(names, SqlTypes.of(cursor, names.size(), statement.columnTypes()));
            long count = 0;
            while (count < request.maxRows() && rows.hasNext()) {
                sink.row(rows.next());
                count++;
            }
            return rows.hasNext();
        } catch (CacheException | IgniteException e) {
            throw executionFailure(e);
        }
    }

    private static SqlFieldsQuery query(String sql, SqlRequest request) {
        return new SqlFieldsQuery(sql)
                .setArgs(request.params().toArray())
                .setSchema("PUBLIC")
                .setTimeout((int) Math.min(Integer.MAX_VALUE, request.timeout().toMillis()), TimeUnit.MILLISECONDS);
    }

    private static SqlExecutionException executionFailure(RuntimeException e) {
        String message = rootMessage(e);
        String lower = message.toLowerCase(Locale.ROOT);
        return new SqlExecutionException(message, lower.contains("timeout") || lower.contains("cancel"));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? e.getMessage() : root.getMessage();
        return message == null ? "The statement failed" : message.lines().findFirst().orElse("");
    }
}
