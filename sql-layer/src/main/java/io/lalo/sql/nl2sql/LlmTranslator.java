package io.lalo.sql.nl2sql;

import io.lalo.config.LaloConfig;
import io.lalo.llm.ChatClient;
import io.lalo.llm.LlmUnavailable;
import io.lalo.llm.OpenAiEndpoint;
import io.lalo.sql.catalog.Catalog;
import io.lalo.sql.catalog.CatalogColumn;
import io.lalo.sql.catalog.CatalogTable;
import java.util.ArrayList;
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

    private static final Pattern FENCED = Pattern.compile("```(?:sql)?\\s*(.*?)```", Pattern.DOTALL
            | Pattern.CASE_INSENSITIVE);
    private static final String INSTRUCTIONS = "You translate questions into one SQL SELECT statement for Apache "
            + "Ignite (ANSI SQL, Calcite dialect). Use only the tables and columns listed. Answer with the SQL only, "
            + "no explanation, no statement other than SELECT.";

    private final ChatClient chat;

    LlmTranslator(LaloConfig.Nl2Sql config) {
        this.chat = new ChatClient(new OpenAiEndpoint(config.llmUrl(), config.llmModel(), config.llmApiKey(),
                config.llmTimeout()));
    }

    String model() {
        return chat.model();
    }

    /**
     * One SQL statement for {@code question}; {@code repair}, when not null, is the validator's complaint.
     *
     * @throws LlmUnavailable when the endpoint gives no answer
     */
    String translate(String question, String schema, List<VerifiedExamples.Scored> examples, String previousSql,
                     String repair) {
        List<ChatClient.Message> messages = new ArrayList<>();
        messages.add(ChatClient.Message.system(INSTRUCTIONS + "\n\nSchema:\n" + schema));
        for (VerifiedExamples.Scored example : examples) {
            messages.add(ChatClient.Message.user(example.example().question()));
            messages.add(ChatClient.Message.assistant(example.example().sql()));
        }
        messages.add(ChatClient.Message.user(question));
        if (repair != null) {
            messages.add(ChatClient.Message.assistant(previousSql));
            messages.add(ChatClient.Message.user("That SQL is not valid here: " + repair
                    + "\nAnswer with corrected SQL only."));
        }
        return sql(chat.complete(messages));
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
