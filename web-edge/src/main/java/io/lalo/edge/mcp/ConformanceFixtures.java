package io.lalo.edge.mcp;

import io.lalo.governance.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tools, resources and prompts the official MCP conformance suite ({@code @modelcontextprotocol/conformance})
 * expects a server to offer, each exactly as its scenario describes. Only present when {@code mcp.fixtures} is on
 * — a test mode, off by default: it also lets {@code /mcp} be called without credentials, as the suite does.
 * They touch no data.
 */
final class ConformanceFixtures implements ResourceProvider, PromptProvider {

    /** A 1×1 red PNG. */
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
    /** Eight silent samples of 16-bit mono WAV. */
    static final String WAV = "UklGRjQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YRAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static final Pattern TEMPLATE = Pattern.compile("test://template/([^/]+)/data");

    List<McpTool> tools() {
        JsonObject none = new JsonObject().put("type", "object").put("properties", new JsonObject());
        return List.of(
                content("test_simple_text", "Returns simple text", none, text("This is a simple text response "
                        + "for testing.")),
                content("test_image_content", "Returns an image", none, image()),
                content("test_audio_content", "Returns audio", none, new JsonObject().put("type", "audio")
                        .put("data", WAV).put("mimeType", "audio/wav")),
                content("test_embedded_resource", "Returns an embedded resource", none,
                        resource("test://embedded-resource", "text/plain", "This is an embedded resource content.")),
                content("test_multiple_content_types", "Returns text, an image and a resource", none,
                        text("Multiple content types test:"), image(), resource("test://mixed-content-resource",
                                "application/json", "{\"test\":\"data\",\"value\":123}")),
                new McpTool("test_tool_with_logging", null, "Sends three log messages while it runs", none, null,
                        McpTool.Streaming.ALWAYS, call -> {
                            call.log().send("info", "Tool execution started");
                            Thread.sleep(50);
                            call.log().send("info", "Tool processing data");
                            Thread.sleep(50);
                            call.log().send("info", "Tool execution completed");
                            return output(text("Logging test completed"));
                        }),
                new McpTool("test_tool_with_progress", null, "Reports progress 0, 50 and 100 of 100", none, null,
                        McpTool.Streaming.ON_PROGRESS, call -> {
                            call.progress().report(0, 100.0, null);
                            Thread.sleep(50);
                            call.progress().report(50, 100.0, null);
                            Thread.sleep(50);
                            call.progress().report(100, 100.0, null);
                            return output(text("Progress test completed"));
                        }),
                new McpTool("test_error_handling", null, "Always fails", none, null, McpTool.Streaming.NEVER,
                        call -> {
                            throw new McpTool.ToolFailure("This tool intentionally returns an error for testing");
                        }),
                new McpTool("test_sampling", null, "Asks the client's model to complete a prompt", object("prompt",
                        "The prompt to send to the LLM"), null, McpTool.Streaming.ALWAYS, call -> {
                            needs(call, "sampling");
                            JsonObject answer = call.client().request("sampling/createMessage", new JsonObject()
                                    .put("messages", new JsonArray().add(user(text(call.arguments()
                                            .getString("prompt"))))).put("maxTokens", 100));
                            return output(text("LLM response: " + answer.getJsonObject("content",
                                    new JsonObject()).getString("text", "")));
                        }),
                new McpTool("test_elicitation", null, "Asks the client's user for input", object("message",
                        "The message to show the user"), null, McpTool.Streaming.ALWAYS, call -> {
                            needs(call, "elicitation");
                            JsonObject answer = call.client().request("elicitation/create", new JsonObject()
                                    .put("message", call.arguments().getString("message"))
                                    .put("requestedSchema", new JsonObject("""
                                            {"type": "object", "properties": {
                                               "username": {"type": "string", "description": "User's response"},
                                               "email": {"type": "string", "description": "User's email address"}},
                                             "required": ["username", "email"]}""")));
                            return output(text("User response: <action: " + answer.getString("action")
                                    + ", content: " + answer.getJsonObject("content", new JsonObject()).encode()
                                    + ">"));
                        }),
                elicitation("test_elicitation_sep1034_defaults", "Asks for values that all have defaults", """
                        {"type": "object", "properties": {
                           "name": {"type": "string", "default": "John Doe"},
                           "age": {"type": "integer", "default": 30},
                           "score": {"type": "number", "default": 95.5},
                           "status": {"type": "string", "enum": ["active", "inactive", "pending"], "default": "active"},
                           "verified": {"type": "boolean", "default": true}}}"""),
                elicitation("test_elicitation_sep1330_enums", "Asks for a choice in every enum form", """
                        {"type": "object", "properties": {
                           "untitledSingle": {"type": "string", "enum": ["option1", "option2", "option3"]},
                           "titledSingle": {"type": "string", "oneOf": [{"const": "value1", "title": "First Option"},
                               {"const": "value2", "title": "Second Option"}, {"const": "value3", "title": "Third Option"}]},
                           "legacyEnum": {"type": "string", "enum": ["opt1", "opt2", "opt3"],
                               "enumNames": ["Option One", "Option Two", "Option Three"]},
                           "untitledMulti": {"type": "array", "items": {"type": "string",
                               "enum": ["option1", "option2", "option3"]}},
                           "titledMulti": {"type": "array", "items": {"anyOf": [{"const": "value1", "title": "First Choice"},
                               {"const": "value2", "title": "Second Choice"}, {"const": "value3", "title": "Third Choice"}]}}}}"""),
                new McpTool("test_reconnection", null, "Closes its event stream mid-call; the client reconnects "
                        + "with Last-Event-ID for the result", new JsonObject().put("type", "object")
                        .put("properties", new JsonObject()), null, McpTool.Streaming.ALWAYS, call -> {
                            call.log().send("info", "Closing the stream; reconnect for the result");
                            call.detach().run();
                            Thread.sleep(200);
                            return output(text("Reconnection test completed"));
                        }),
                new McpTool("json_schema_2020_12_tool", null, "Tool with JSON Schema 2020-12 features",
                        new JsonObject("""
                                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                                 "$defs": {"address": {"type": "object", "properties": {"street": {"type": "string"},
                                           "city": {"type": "string"}}}},
                                 "properties": {"name": {"type": "string"}, "address": {"$ref": "#/$defs/address"}},
                                 "additionalProperties": false}"""), null, McpTool.Streaming.NEVER,
                        call -> output(text("Schema test: " + call.arguments().encode()))));
    }

    private static McpTool elicitation(String name, String description, String schema) {
        return new McpTool(name, null, description, new JsonObject().put("type", "object")
                .put("properties", new JsonObject()), null, McpTool.Streaming.ALWAYS, call -> {
                    needs(call, "elicitation");
                    JsonObject answer = call.client().request("elicitation/create", new JsonObject()
                            .put("message", description).put("requestedSchema", new JsonObject(schema)));
                    return output(text("Elicitation completed: action=" + answer.getString("action") + ", content="
                            + answer.getJsonObject("content", new JsonObject()).encode()));
                });
    }

    private static void needs(McpTool.Call call, String capability) {
        if (!call.client().supports(capability)) {
            throw new McpTool.ToolFailure("the client does not support " + capability);
        }
    }

    private static JsonObject object(String property, String description) {
        return new JsonObject().put("type", "object").put("properties", new JsonObject().put(property,
                new JsonObject().put("type", "string").put("description", description)))
                .put("required", new JsonArray().add(property));
    }

    private static McpTool content(String name, String description, JsonObject input, JsonObject... blocks) {
        return new McpTool(name, null, description, input, null, McpTool.Streaming.NEVER, call -> output(blocks));
    }

    private static McpTool.Output output(JsonObject... blocks) {
        JsonArray content = new JsonArray();
        for (JsonObject block : blocks) {
            content.add(block);
        }
        return new McpTool.Output(content, null);
    }

    static JsonObject text(String text) {
        return new JsonObject().put("type", "text").put("text", text);
    }

    static JsonObject image() {
        return new JsonObject().put("type", "image").put("data", PNG).put("mimeType", "image/png");
    }

    static JsonObject resource(String uri, String mimeType, String text) {
        return new JsonObject().put("type", "resource").put("resource", new JsonObject().put("uri", uri)
                .put("mimeType", mimeType).put("text", text));
    }

    @Override
    public List<JsonObject> list(Principal caller) {
        return List.of(listed("test://static-text", "static-text", "A static text resource", "text/plain"),
                listed("test://static-binary", "static-binary", "A static binary resource", "image/png"),
                listed("test://watched-resource", "watched-resource", "A resource to subscribe to", "text/plain"));
    }

    private static JsonObject listed(String uri, String name, String description, String mimeType) {
        return new JsonObject().put("uri", uri).put("name", name).put("description", description)
                .put("mimeType", mimeType);
    }

    @Override
    public List<JsonObject> templates() {
        return List.of(new JsonObject().put("uriTemplate", "test://template/{id}/data").put("name", "template")
                .put("description", "Data for an id").put("mimeType", "application/json"));
    }

    @Override
    public Optional<JsonObject> read(Principal caller, String uri, String requestId) {
        Matcher template = TEMPLATE.matcher(uri);
        if (template.matches()) {
            String id = template.group(1);
            return Optional.of(new JsonObject().put("uri", uri).put("mimeType", "application/json").put("text",
                    new JsonObject().put("id", id).put("templateTest", true).put("data", "Data for ID: " + id)
                            .encode()));
        }
        return switch (uri) {
            case "test://static-text" -> Optional.of(new JsonObject().put("uri", uri).put("mimeType", "text/plain")
                    .put("text", "This is the content of the static text resource."));
            case "test://static-binary" -> Optional.of(new JsonObject().put("uri", uri).put("mimeType", "image/png")
                    .put("blob", PNG));
            case "test://watched-resource" -> Optional.of(new JsonObject().put("uri", uri)
                    .put("mimeType", "text/plain").put("text", "Watched resource content."));
            default -> Optional.empty();
        };
    }

    @Override
    public Optional<List<String>> complete(Principal caller, JsonObject ref, String argument, String prefix) {
        if (!"test_prompt_with_arguments".equals(ref.getString("name"))
                && !"test://template/{id}/data".equals(ref.getString("uri"))) {
            return Optional.empty();
        }
        return Optional.of(List.of("paris", "park", "party").stream().filter(v -> v.startsWith(prefix)).toList());
    }

    @Override
    public List<JsonObject> list() {
        return List.of(prompt("test_simple_prompt", "A simple prompt", Map.of()),
                prompt("test_prompt_with_arguments", "A prompt with two arguments", Map.of("arg1",
                        "First test argument", "arg2", "Second test argument")),
                prompt("test_prompt_with_embedded_resource", "A prompt with an embedded resource",
                        Map.of("resourceUri", "URI of the resource to embed")),
                prompt("test_prompt_with_image", "A prompt with an image", Map.of()));
    }

    private static JsonObject prompt(String name, String description, Map<String, String> arguments) {
        JsonArray args = new JsonArray();
        new java.util.TreeMap<>(arguments).forEach((argument, text) -> args.add(new JsonObject()
                .put("name", argument).put("description", text).put("required", true)));
        return new JsonObject().put("name", name).put("description", description).put("arguments", args);
    }

    @Override
    public Optional<JsonObject> get(String name, JsonObject arguments, Principal caller, String requestId) {
        JsonArray messages = new JsonArray();
        switch (name) {
            case "test_simple_prompt" -> messages.add(user(text("This is a simple prompt for testing.")));
            case "test_prompt_with_arguments" -> messages.add(user(text("Prompt with arguments: arg1='"
                    + required(arguments, "arg1") + "', arg2='" + required(arguments, "arg2") + "'")));
            case "test_prompt_with_embedded_resource" -> {
                messages.add(user(resource(required(arguments, "resourceUri"), "text/plain",
                        "Embedded resource content for testing.")));
                messages.add(user(text("Please process the embedded resource above.")));
            }
            case "test_prompt_with_image" -> {
                messages.add(user(image()));
                messages.add(user(text("Please analyze the image above.")));
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new JsonObject().put("messages", messages));
    }

    private static String required(JsonObject arguments, String name) {
        if (!(arguments.getValue(name) instanceof String value)) {
            throw JsonRpcException.invalidParams("The prompt needs the argument '" + name + "'");
        }
        return value;
    }

    private static JsonObject user(JsonObject content) {
        return new JsonObject().put("role", "user").put("content", content);
    }
}
