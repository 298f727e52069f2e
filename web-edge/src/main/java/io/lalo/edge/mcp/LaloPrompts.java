package io.lalo.edge.mcp;

import io.lalo.governance.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prompts an assistant can offer its user: analyse a table, summarise a document, answer a question from the data.
 * Each names the resource it is about; when the caller may read it, its contents come along as an embedded
 * resource, so the model starts from the real schema or text.
 */
final class LaloPrompts implements PromptProvider {

    /** A prompt and its arguments (each required). */
    record Prompt(String name, String title, String description, Map<String, String> arguments) {
        JsonObject describe() {
            JsonArray args = new JsonArray();
            arguments.forEach((name, description) -> args.add(new JsonObject().put("name", name)
                    .put("description", description).put("required", true)));
            return new JsonObject().put("name", name).put("title", title).put("description", description)
                    .put("arguments", args);
        }
    }

    static final List<Prompt> PROMPTS = List.of(
            new Prompt("analyse_table", "Analyse a table", "Describe a table and what its data shows",
                    Map.of("table", "The table to analyse")),
            new Prompt("summarise_document", "Summarise a document", "Summarise one document with citations",
                    Map.of("document", "The document's id")),
            new Prompt("ask_data", "Ask the data", "Answer a question from LALO's tables and documents",
                    Map.of("question", "The question")));

    private final LaloResources resources;

    LaloPrompts(LaloResources resources) {
        this.resources = resources;
    }

    static Optional<Prompt> named(String name) {
        return PROMPTS.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    @Override
    public List<JsonObject> list() {
        return PROMPTS.stream().map(Prompt::describe).toList();
    }

    @Override
    public Optional<JsonObject> get(String name, JsonObject given, Principal caller, String requestId) {
        Optional<Prompt> prompt = named(name);
        if (prompt.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> arguments = new java.util.LinkedHashMap<>();
        for (String argument : prompt.get().arguments().keySet()) {
            if (!(given.getValue(argument) instanceof String value) || value.isBlank()) {
                throw JsonRpcException.invalidParams("Prompt " + name + " needs the argument '" + argument
                        + "' (a string)");
            }
            arguments.put(argument, value);
        }
        return Optional.of(messages(prompt.get(), arguments, caller, requestId));
    }

    /** The prompt's messages for these arguments (all present). */
    private JsonObject messages(Prompt prompt, Map<String, String> arguments, Principal caller, String requestId) {
        JsonArray messages = new JsonArray();
        switch (prompt.name()) {
            case "analyse_table" -> {
                String table = arguments.get("table");
                messages.add(text("Analyse the table " + table + ": describe its columns and keys, count its rows "
                        + "with sql_query, and report the most telling distributions. Quote the SQL you ran."));
                embedded(messages, "lalo://tables/" + table, caller, requestId);
            }
            case "summarise_document" -> {
                String document = arguments.get("document");
                messages.add(text("Summarise the document " + document + " in five sentences or fewer, citing "
                        + "its sections."));
                embedded(messages, "lalo://documents/" + document, caller, requestId);
            }
            default -> messages.add(text("Answer from LALO's data, using the ask tool (or sql_query and "
                    + "rag_search): " + arguments.get("question")));
        }
        return new JsonObject().put("description", prompt.description()).put("messages", messages);
    }

    private void embedded(JsonArray messages, String uri, Principal caller, String requestId) {
        resources.read(caller, uri, requestId).ifPresent(content -> messages.add(new JsonObject()
                .put("role", "user").put("content", new JsonObject().put("type", "resource")
                        .put("resource", content))));
    }

    private static JsonObject text(String text) {
        return new JsonObject().put("role", "user").put("content", new JsonObject().put("type", "text")
                .put("text", text));
    }
}
