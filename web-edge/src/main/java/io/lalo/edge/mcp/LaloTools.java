package io.lalo.edge.mcp;

import io.lalo.audit.AuditFilter;
import io.lalo.edge.AuditRoutes;
import io.lalo.edge.CatalogRoutes;
import io.lalo.edge.DocumentRoutes;
import io.lalo.edge.Nl2SqlRoutes;
import io.lalo.edge.PolicyEnforcement;
import io.lalo.edge.RagRoutes;
import io.lalo.edge.SqlRoutes;
import io.lalo.edge.WorkflowRoutes;
import io.lalo.governance.Decision;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.lalo.rag.Rag;
import io.lalo.rag.ingest.DocumentFormat;
import io.lalo.rag.ingest.IngestRequest;
import io.lalo.rag.index.SearchFilter;
import io.lalo.rag.search.SearchMode;
import io.lalo.rag.search.SearchRequest;
import io.lalo.sql.SqlLayer;
import io.lalo.sql.catalog.CatalogTable;
import io.lalo.sql.execute.SqlRequest;
import io.lalo.workflow.RunContext;
import io.lalo.workflow.RunOptions;
import io.lalo.workflow.RunResult;
import io.lalo.workflow.WorkflowEngine;
import io.lalo.workflow.WorkflowStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LALO's own tools over MCP, each the same operation as its REST route with the same governance: the action is
 * decided and audited for the calling principal before the work runs (a denial is the tool's error result), and
 * the work itself applies the caller's rights (masked columns, row filters, document ACLs).
 */
final class LaloTools {

    /** The same bounds as the REST routes: a question, a statement. */
    static final int MAX_QUESTION = Nl2SqlRoutes.MAX_QUESTION;
    static final int MAX_SQL = SqlRoutes.MAX_SQL;
    /** Smaller than REST's cap: a tool result is one JSON-RPC message, read by a model. */
    static final int MAX_ROWS = 10_000;

    private final Governance governance;
    private final SqlLayer sql;
    private final Rag rag;
    private final WorkflowEngine workflows;

    LaloTools(Governance governance, SqlLayer sql, Rag rag, WorkflowEngine workflows) {
        this.governance = governance;
        this.sql = sql;
        this.rag = rag;
        this.workflows = workflows;
    }

    List<McpTool> tools() {
        List<McpTool> tools = new ArrayList<>();
        tools.add(tool("list_tables", "List tables", "Lists the tables you may query, with their column "
                + "count, primary key and the tables they reference.", object(Map.of(), List.of()),
                object(Map.of("tables", Map.of("type", "array")), List.of("tables")), false, this::listTables));
        tools.add(tool("describe_table", "Describe a table", "Columns (name, type, nullable, key), primary "
                + "key and foreign keys of one table.", object(Map.of("table", text("Table name", 128)),
                List.of("table")), object(Map.of("name", Map.of("type", "string"),
                "columns", Map.of("type", "array")), List.of("name", "columns")), false, this::describeTable));
        tools.add(tool("sql_query", "Run governed SQL", "Runs one SQL statement (validated by Calcite, "
                + "rewritten for your column masks and row filters, audited) and returns columns and rows.",
                object(Map.of("sql", text("One SQL statement", MAX_SQL), "params", Map.of("type", "array",
                        "description", "Values for the statement's ? placeholders, in order"), "maxRows",
                        Map.of("type", "integer", "minimum", 1, "maximum", MAX_ROWS, "description",
                                "Row cap (default 1000)"), "cache", Map.of("type", "boolean", "description",
                                "Serve from the result cache when it holds the answer (default true)")),
                        List.of("sql")), object(Map.of("columns", Map.of("type", "array"), "rows",
                Map.of("type", "array")), List.of("columns", "rows")), false, this::sqlQuery));
        tools.add(tool("nl2sql", "Question to SQL", "Translates a question in plain language into governed "
                + "SQL (offline, or the configured model), optionally runs it; unclear questions get a clarification "
                + "with candidates.", object(Map.of("question", text("The question", MAX_QUESTION), "execute",
                Map.of("type", "boolean", "description", "Run the SQL and return rows"), "maxRows",
                Map.of("type", "integer", "minimum", 1, "maximum", MAX_ROWS)), List.of("question")),
                object(Map.of(), List.of()), false, this::nl2sql));
        tools.add(tool("rag_search", "Search documents", "Hybrid (vector + keyword) search over the documents "
                + "you may read; passages with their document, section and score.", object(Map.of("query",
                text("What to look for", SearchRequest.MAX_QUERY_CHARS), "k", Map.of("type", "integer", "minimum", 1,
                "maximum", SearchRequest.MAX_K), "mode", Map.of("type", "string", "enum",
                List.of("hybrid", "vector", "bm25"))), List.of("query")), object(Map.of("hits",
                Map.of("type", "array")), List.of("hits")), false, this::ragSearch));
        tools.add(tool("ask", "Ask LALO", "Answers a question from the tables (NL2SQL + governed SQL), the "
                + "documents (RAG) or both, through the built-in ask workflow.", object(Map.of("question",
                text("The question", MAX_QUESTION)), List.of("question")), object(Map.of("status",
                Map.of("type", "string"), "threadId", Map.of("type", "string")), List.of("status", "threadId")),
                true, this::ask));
        tools.add(tool("rag_answer", "Answer from documents", "Answers a question from the documents you "
                + "may read, quoting them, with citations.", object(Map.of("question", text("The question",
                SearchRequest.MAX_QUERY_CHARS), "k", Map.of("type", "integer", "minimum", 1, "maximum",
                SearchRequest.MAX_K)), List.of("question")), object(Map.of("answer", Map.of("type", "string"),
                "citations", Map.of("type", "array")), List.of("answer", "citations")), false, this::ragAnswer));
        tools.add(tool("ingest_document", "Add a document", "Adds (or replaces) a text, Markdown or HTML "
                + "document for retrieval: chunked, embedded and indexed; readable by you and the users and groups "
                + "you name.", object(Map.of("text", text("The document's content", 1 << 20), "title",
                text("Title", 512), "id", text("Document id (default: from the content)", 128), "format",
                Map.of("type", "string", "enum", List.of("text", "markdown", "html")), "tags", Map.of("type",
                "array", "items", Map.of("type", "string"))), List.of("text")), object(Map.of("id",
                Map.of("type", "string"), "outcome", Map.of("type", "string")), List.of("id", "outcome")), false,
                this::ingestDocument));
        tools.add(tool("run_workflow", "Run a workflow", "Runs a stored workflow to its end (or its first "
                + "interrupt) on a new thread, or on a thread of yours; reports progress at each step.",
                object(Map.of("workflow", text("Workflow id", 64), "input", Map.of("type", "object"), "thread",
                text("An existing thread id (default: a new thread)", 64)), List.of("workflow")),
                object(Map.of("status", Map.of("type", "string"), "threadId", Map.of("type", "string")),
                        List.of("status", "threadId")), true, this::runWorkflow));
        tools.add(tool("audit_search", "Search the audit trail", "Audit events (newest first) in a time window, "
                + "by principal, action and outcome — for auditors and admins.", object(Map.of("principal",
                text("Who acted", 256), "action", text("What they did, e.g. sql.select", 128), "outcome",
                Map.of("type", "string", "enum", List.copyOf(AuditRoutes.OUTCOMES)), "hours", Map.of("type",
                "integer", "minimum", 1, "maximum", 24 * 366, "description", "How far back (default 24)"),
                "limit", Map.of("type", "integer", "minimum", 1, "maximum", 1_000)), List.of()),
                object(Map.of("events", Map.of("type", "array")), List.of("events")), false, this::auditSearch));
        tools.add(tool("get_run", "Get a run", "A workflow run's record (status, steps, error or prompt).",
                object(Map.of("thread", text("Thread id", 64), "run", text("Run id", 64)), List.of("thread", "run")),
                object(Map.of("status", Map.of("type", "string")), List.of("status")), false, this::getRun));
        return tools;
    }

    private JsonObject listTables(McpTool.Call call) {
        Principal caller = call.caller();
        JsonObject arguments = call.arguments();
        String requestId = call.requestId();
        require(caller, "catalog.read", Resource.of("catalog", "all"), requestId);
        JsonArray tables = new JsonArray();
        sql.catalog().catalog().tables().stream().filter(table -> queryable(caller, table))
                .forEach(table -> tables.add(CatalogRoutes.summary(table)));
        return new JsonObject().put("tables", tables);
    }

    private JsonObject describeTable(McpTool.Call call) {
        Principal caller = call.caller();
        JsonObject arguments = call.arguments();
        String requestId = call.requestId();
        String name = arguments.getString("table");
        require(caller, "catalog.read", Resource.of("catalog", name), requestId);
        return sql.catalog().catalog().table(name).filter(table -> queryable(caller, table))
                .map(CatalogRoutes::detail)
                .orElseThrow(() -> new McpTool.ToolFailure("No table " + name));
    }

    private JsonObject sqlQuery(McpTool.Call call) {
        Principal caller = call.caller();
        JsonObject arguments = call.arguments();
        String requestId = call.requestId();
        require(caller, "sql.execute", Resource.of("sql", "statement"), requestId);
        SqlRequest request = new SqlRequest(arguments.getString("sql"),
                arguments.getJsonArray("params", new JsonArray()).getList(), arguments.getInteger("maxRows", 1_000),
                Duration.ofSeconds(30), arguments.getBoolean("cache", true));
        return SqlRoutes.json(sql.sql().execute(caller, request, requestId));
    }

    private JsonObject nl2sql(McpTool.Call call) {
        Principal caller = call.caller();
        JsonObject arguments = call.arguments();
        String requestId = call.requestId();
        require(caller, "nl2sql.translate", Resource.of("nl2sql", "question"), requestId);
        return Nl2SqlRoutes.json(sql.nl2sql().answer(caller, arguments.getString("question"),
                arguments.getBoolean("execute", false), arguments.getInteger("maxRows", 1_000), requestId));
    }

    private JsonObject ragSearch(McpTool.Call call) {
        Principal caller = call.caller();
        JsonObject arguments = call.arguments();
        String requestId = call.requestId();
        Decision decision = require(caller, "rag.search", Resource.of("document", "*"), requestId);
        SearchRequest request = new SearchRequest(arguments.getString("query"), arguments.getInteger("k", 10),
                SearchMode.parse(arguments.getString("mode", "hybrid")).orElse(SearchMode.HYBRID),
                SearchFilter.NONE, 0);
        return RagRoutes.json(rag.search().search(caller, request, decision.obligations().redactedTypes()));
    }

    private JsonObject ask(McpTool.Call call) {
        Principal caller = call.caller();
        JsonObject arguments = call.arguments();
        String requestId = call.requestId();
        require(caller, "ask", Resource.of("workflow", "ask"), requestId);
        WorkflowStore.Version ask = workflows.workflows().get("ask")
                .orElseThrow(() -> new McpTool.ToolFailure("The ask workflow is not loaded"));
        String threadId = (String) workflows.createThread(caller, Map.of("via", "mcp")).get("threadId");
        RunResult result = workflows.run(threadId, ask, Map.of("question", arguments.getString("question")),
                new RunContext(caller, threadId, requestId).cancelledWhen(call.cancelled()),
                RunOptions.defaults().onStep(step -> call.progress().report(step.step() + 1, null,
                        "step " + (step.step() + 1) + ": " + String.join(", ", step.nodes()))));
        return WorkflowRoutes.run(result).put("threadId", threadId).put("answer", result.state().get("response"));
    }

    private JsonObject ragAnswer(McpTool.Call call) {
        Decision decision = require(call.caller(), "rag.answer", Resource.of("document", "*"), call.requestId());
        String question = call.arguments().getString("question");
        SearchRequest request = new SearchRequest(question, call.arguments().getInteger("k", 5), SearchMode.HYBRID,
                SearchFilter.NONE, 0);
        return RagRoutes.answer(rag, call.caller(), question, request, decision.obligations().redactedTypes());
    }

    private JsonObject ingestDocument(McpTool.Call call) {
        require(call.caller(), "rag.ingest", Resource.of("document", "*"), call.requestId());
        JsonObject arguments = call.arguments();
        DocumentFormat format = switch (arguments.getString("format", "text")) {
            case "markdown" -> DocumentFormat.MARKDOWN;
            case "html" -> DocumentFormat.HTML;
            default -> DocumentFormat.TEXT;
        };
        java.util.Set<String> tags = new java.util.TreeSet<>();
        arguments.getJsonArray("tags", new JsonArray()).forEach(tag -> tags.add(String.valueOf(tag)));
        IngestRequest request = DocumentRoutes.request(arguments.getString("id"), arguments.getString("title"),
                "mcp", tags, java.util.Set.of(), java.util.Set.of(),
                arguments.getString("text").getBytes(java.nio.charset.StandardCharsets.UTF_8), format, call.caller());
        return DocumentRoutes.result(rag.ingestion().ingest(request));
    }

    private JsonObject runWorkflow(McpTool.Call call) {
        require(call.caller(), "workflow.run", Resource.of("thread", "*"), call.requestId());
        JsonObject arguments = call.arguments();
        String id = arguments.getString("workflow");
        WorkflowStore.Version version = workflows.workflows().get(id)
                .orElseThrow(() -> new McpTool.ToolFailure("No workflow " + id));
        String threadId = arguments.getString("thread");
        if (threadId == null) {
            threadId = (String) workflows.createThread(call.caller(), Map.of("via", "mcp")).get("threadId");
        } else if (workflows.thread(threadId, call.caller(), governance.hasRole(call.caller(), "admin")).isEmpty()) {
            throw new McpTool.ToolFailure("No thread " + threadId);
        }
        String thread = threadId;
        try {
            RunResult result = workflows.run(thread, version, arguments.getJsonObject("input", new JsonObject())
                    .getMap(), new RunContext(call.caller(), thread, call.requestId())
                    .cancelledWhen(call.cancelled()), RunOptions.defaults().onStep(step -> call.progress().report(
                    step.step() + 1, null, "step " + (step.step() + 1) + ": " + String.join(", ", step.nodes()))));
            return WorkflowRoutes.run(result).put("threadId", thread);
        } catch (WorkflowEngine.ThreadStateException e) {
            throw new McpTool.ToolFailure(e.getMessage());
        }
    }

    private JsonObject auditSearch(McpTool.Call call) {
        require(call.caller(), "audit.read", Resource.of("route", "/v1/audit"), call.requestId());
        JsonObject arguments = call.arguments();
        java.time.Instant to = java.time.Instant.now().plusSeconds(1);
        AuditFilter filter = new AuditFilter(to.minus(java.time.Duration.ofHours(arguments.getInteger("hours", 24))),
                to, arguments.getString("principal"), arguments.getString("action"), arguments.getString("outcome"));
        JsonArray events = new JsonArray();
        governance.auditQueries().search(filter, arguments.getInteger("limit", 100), 0)
                .forEach(event -> events.add(AuditRoutes.eventJson(event)));
        return new JsonObject().put("events", events);
    }

    private JsonObject getRun(McpTool.Call call) {
        String thread = call.arguments().getString("thread");
        String run = call.arguments().getString("run");
        require(call.caller(), "workflow.run", Resource.of("thread", thread), call.requestId());
        boolean admin = governance.hasRole(call.caller(), "admin");
        return workflows.thread(thread, call.caller(), admin).flatMap(found -> workflows.run(thread, run))
                .map(JsonObject::new)
                .orElseThrow(() -> new McpTool.ToolFailure("No run " + run + " on thread " + thread));
    }

    /** Decides and audits the action as REST does; a denial fails the call with the policy's reason. */
    private Decision require(Principal caller, String action, Resource resource, String requestId) {
        Decision decision = PolicyEnforcement.authorize(governance, caller, action, resource,
                Map.of("via", "mcp"), requestId);
        if (!decision.allowed()) {
            throw new McpTool.ToolFailure("Forbidden: " + decision.reason());
        }
        return decision;
    }

    private boolean queryable(Principal caller, CatalogTable table) {
        return CatalogRoutes.queryable(governance, caller, table);
    }

    /** A tool answering structured data; one that reports {@code progress} streams it when asked. */
    private static McpTool tool(String name, String title, String description, JsonObject input, JsonObject output,
                                boolean progress, McpTool.StructuredWork work) {
        return new McpTool(name, title, description, input, output, progress ? McpTool.Streaming.ON_PROGRESS
                : McpTool.Streaming.NEVER, McpTool.structured(work));
    }

    static JsonObject object(Map<String, Object> properties, List<String> required) {
        JsonObject schema = new JsonObject().put("type", "object").put("properties", new JsonObject(properties));
        if (!required.isEmpty()) {
            schema.put("required", new JsonArray(required));
        }
        return schema;
    }

    static Map<String, Object> text(String description, int maxLength) {
        return Map.of("type", "string", "description", description, "minLength", 1, "maxLength", maxLength);
    }
}
