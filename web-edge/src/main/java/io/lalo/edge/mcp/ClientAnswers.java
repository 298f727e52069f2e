package io.lalo.edge.mcp;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ignite.Ignite;

/**
 * Answers of clients to the requests calls send them ({@code sampling/createMessage}, {@code elicitation/create}).
 * A call waits on this edge; the client's answer may arrive at any edge of the cluster (its session does), so an
 * answer nobody waits for here is relayed to every edge on an Ignite topic, and the edge that waits takes it.
 */
final class ClientAnswers {

    static final String TOPIC = "lalo.mcp.client-answers";

    private final Ignite ignite;
    private final Map<String, CompletableFuture<JsonObject>> waiting = new ConcurrentHashMap<>();

    ClientAnswers(Ignite ignite) {
        this.ignite = ignite;
        ignite.message().localListen(TOPIC, (node, message) -> {
            take(new JsonObject(String.valueOf(message)));
            return true;
        });
    }

    /** A new request id (unique in the cluster) and the future its answer completes. */
    Map.Entry<String, CompletableFuture<JsonObject>> expect() {
        String id = "lalo-" + UUID.randomUUID();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        return Map.entry(id, answer);
    }

    void forget(String id) {
        waiting.remove(id);
    }

    /** A client's response: completes the call waiting here, or is relayed to the other edges. Blocking. */
    void deliver(JsonObject response) {
        if (!take(response)) {
            ignite.message().send(TOPIC, response.encode());
        }
    }

    private boolean take(JsonObject response) {
        CompletableFuture<JsonObject> answer = waiting.remove(String.valueOf(response.getValue("id")));
        if (answer == null) {
            return false;
        }
        answer.complete(response);
        return true;
    }
}
