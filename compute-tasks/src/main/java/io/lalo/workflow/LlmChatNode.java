package io.lalo.workflow;

import io.lalo.llm.ChatClient;
import io.lalo.llm.OpenAiEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code llm.chat} node: asks the configured OpenAI-compatible chat endpoint ({@code workflow.llm.*}) and
 * writes the reply to its output channel ({@code reply} by default). The conversation is a CEL expression over the
 * state: {@code prompt} (one user turn, with an optional literal {@code system} instruction) or {@code messages}
 * (a list of {@code {role, content}}). A node may name its own {@code model}. Retry, timeout and result cache come
 * from the node's run policy like any node's.
 *
 * <pre>
 * summarise: {type: llm.chat, system: "Answer in one sentence.", prompt: "'Summarise: ' + state.text",
 *             output: summary, retry: {attempts: 3}}
 * </pre>
 */
public final class LlmChatNode implements NodeFunction {

    private final OpenAiEndpoint endpoint;
    private final Map<String, ChatClient> clients = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param endpoint the configured endpoint; an empty URL makes the node fail with a clear message */
    public LlmChatNode(OpenAiEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public Map<String, Object> run(NodeSpec node, Map<String, Object> state, RunContext context) {
        if (endpoint.url().isEmpty()) {
            throw new IllegalStateException("no chat endpoint is configured (set workflow.llm.url)");
        }
        List<ChatClient.Message> messages = new ArrayList<>();
        if (node.config().get("system") instanceof String system) {
            messages.add(ChatClient.Message.system(system));
        }
        if (node.config().containsKey("messages")) {
            Object turns = NodeInputs.value(node, "messages", null, state);
            if (!(turns instanceof List<?> list)) {
                throw new IllegalArgumentException("'messages' must yield a list of {role, content}");
            }
            for (Object turn : list) {
                if (!(turn instanceof Map<?, ?> map) || !(map.get("role") instanceof String role)
                        || !(map.get("content") instanceof String content)) {
                    throw new IllegalArgumentException("each message must be {role: string, content: string}");
                }
                messages.add(new ChatClient.Message(role, content));
            }
        } else {
            messages.add(ChatClient.Message.user(String.valueOf(NodeInputs.value(node, "prompt", "state.question",
                    state))));
        }
        String model = node.config().get("model") instanceof String named ? named : endpoint.model();
        ChatClient chat = clients.computeIfAbsent(model, name -> new ChatClient(new OpenAiEndpoint(endpoint.url(),
                name, endpoint.apiKey(), endpoint.timeout())));
        return Map.of(NodeInputs.output(node, "reply"), chat.complete(messages));
    }
}
