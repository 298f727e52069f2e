package io.lalo.sql.nl2sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lalo.config.LaloConfig;
import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks an OpenAI-compatible chat-completions endpoint for SQL: the prompt carries the schema the question links to
 * (tables, columns with types, keys, relations, annotations) and the nearest verified examples as earlier turns.
 * A repair call adds the validator's message about the previous answer. The key is sent only as the bearer token
 * and never logged.
 */
final class LlmTranslator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FENCED = Pattern.compile("```(?:sql)?\\s*(.*?)```", Pattern.DOTALL
            | Pattern.CASE_INSENSITIVE);
    private static final String INSTRUCTIONS = "You translate questions into one SQL SELECT statement for Apache "
            + "Ignite (ANSI SQL, Calcite dialect). Use only the tables and columns listed. Answer with the SQL only, "
            + "no explanation, no statement other than SELECT.";

    /** The endpoint could not give an answer (network, status, shape). */
    static final class LlmUnavailable extends RuntimeException {
        LlmUnavailable(String message) {
            super(message, null, false, false);
        }
    }

    private final LaloConfig.Nl2Sql config;
    private final HttpClient http;

    LlmTranslator(LaloConfig.Nl2Sql config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.llmTimeout()).build();
    }

    String model() {
        return config.llmModel();
    }

    /** One SQL statement for {@code question}; {@code repair}, when not null, is the validator's complaint. */
    String translate(String question, String schema, List<VerifiedExamples.Scored> examples, String previousSql,
                     String repair) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", config.llmModel());
        body.put("temperature", 0);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", INSTRUCTIONS + "\n\nSchema:\n" + schema);
        for (VerifiedExamples.Scored example : examples) {
            messages.addObject().put("role", "user").put("content", example.example().question());
            messages.addObject().put("role", "assistant").put("content", example.example().sql());
        }
        messages.addObject().put("role", "user").put("content", question);
        if (repair != null) {
            messages.addObject().put("role", "assistant").put("content", previousSql);
            messages.addObject().put("role", "user").put("content", "That SQL is not valid here: " + repair
                    + "\nAnswer with corrected SQL only.");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.llmUrl()))
                .timeout(config.llmTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (!config.llmApiKey().isEmpty()) {
            request.header("Authorization", "Bearer " + config.llmApiKey());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LlmUnavailable("LLM endpoint unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmUnavailable("interrupted");
        }
        if (response.statusCode() != 200) {
            throw new LlmUnavailable("LLM endpoint answered HTTP " + response.statusCode());
        }
        try {
            JsonNode content = JSON.readTree(response.body()).path("choices").path(0).path("message")
                    .path("content");
            if (!content.isTextual() || content.asText().isBlank()) {
                throw new LlmUnavailable("LLM answer has no message content");
            }
            return sql(content.asText());
        } catch (IOException e) {
            throw new LlmUnavailable("LLM answer is not JSON");
        }
    }

    /** The SQL in a chat answer: a fenced block if there is one, else the text; no trailing semicolon. */
    static String sql(String content) {
        Matcher fenced = FENCED.matcher(content);
        String sql = fenced.find() ? fenced.group(1) : content;
        sql = sql.strip();
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        return sql;
    }

    /** The schema as the prompt shows it: the linked tables (all when none linked), their columns and relations. */
    static String schema(Catalog catalog, Set<String> tables, SemanticAnnotations notes) {
        StringBuilder text = new StringBuilder();
        for (CatalogTable table : catalog.tables()) {
            if (!tables.isEmpty() && !tables.contains(table.name())) {
                continue;
            }
            text.append("TABLE ").append(table.name()).append(" (");
            List<String> columns = table.columns().stream().map(LlmTranslator::column).toList();
            text.append(String.join(", ", columns)).append(")");
            if (!table.primaryKey().isEmpty()) {
                text.append(" PRIMARY KEY (").append(String.join(", ", table.primaryKey())).append(")");
            }
            text.append('\n');
            table.references().forEach(fk -> text.append("  ").append(table.name()).append('.').append(fk.column())
                    .append(" REFERENCES ").append(fk.referencedTable()).append('.').append(fk.referencedColumn())
                    .append('\n'));
            SemanticAnnotations.TableNotes tableNotes = notes.table(table.name());
            if (tableNotes != null && !tableNotes.description().isEmpty()) {
                text.append("  -- ").append(tableNotes.description()).append('\n');
            }
        }
        return text.toString();
    }

    private static String column(CatalogColumn column) {
        return column.name() + " " + column.type();
    }
}
