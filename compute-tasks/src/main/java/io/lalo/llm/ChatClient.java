package io.lalo.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Chat completions ({@code POST …/chat/completions}) at temperature 0: messages in, the first choice's text out. */
public final class ChatClient {

    /** One turn of a conversation. */
    public record Message(String role, String content) {

        public static Message system(String content) {
            return new Message("system", content);
        }

        public static Message user(String content) {
            return new Message("user", content);
        }

        public static Message assistant(String content) {
            return new Message("assistant", content);
        }
    }

    private final OpenAiEndpoint endpoint;
    private final OpenAiHttp http;

    public ChatClient(OpenAiEndpoint endpoint) {
        this.endpoint = endpoint;
        this.http = new OpenAiHttp(endpoint);
    }

    public String model() {
        return endpoint.model();
    }

    public String complete(List<Message> messages) {
        ObjectNode body = OpenAiHttp.JSON.createObjectNode();
        body.put("model", endpoint.model());
        body.put("temperature", 0);
        ArrayNode turns = body.putArray("messages");
        messages.forEach(message -> turns.addObject().put("role", message.role()).put("content", message.content()));
        JsonNode content = http.post(body).path("choices").path(0).path("message").path("content");
        if (!content.isTextual() || content.asText().isBlank()) {
            throw new LlmUnavailable("answer has no message content");
        }
        return content.asText();
    }
}
