package io.lalo.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Embeddings ({@code POST …/embeddings}): texts in, one vector per text out, in input order. */
public final class EmbeddingsClient {

    private final OpenAiEndpoint endpoint;
    private final OpenAiHttp http;

    public EmbeddingsClient(OpenAiEndpoint endpoint) {
        this.endpoint = endpoint;
        this.http = new OpenAiHttp(endpoint);
    }

    public List<float[]> embed(List<String> texts) {
        ObjectNode body = OpenAiHttp.JSON.createObjectNode();
        body.put("model", endpoint.model());
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        JsonNode data = http.post(body).path("data");
        if (!data.isArray() || data.size() != texts.size()) {
            throw new LlmUnavailable("embeddings answer has " + data.size() + " vectors for " + texts.size()
                    + " texts");
        }
        float[][] vectors = new float[texts.size()][];
        for (int i = 0; i < data.size(); i++) {
            JsonNode item = data.get(i);
            int index = item.path("index").asInt(i);
            JsonNode embedding = item.path("embedding");
            if (index < 0 || index >= vectors.length || !embedding.isArray() || embedding.isEmpty()) {
                throw new LlmUnavailable("embeddings answer item " + i + " has no usable vector");
            }
            float[] vector = new float[embedding.size()];
            for (int d = 0; d < vector.length; d++) {
                vector[d] = (float) embedding.get(d).asDouble();
            }
            vectors[index] = vector;
        }
        List<float[]> out = new ArrayList<>();
        for (float[] vector : vectors) {
            if (vector == null) {
                throw new LlmUnavailable("embeddings answer misses a vector");
            }
            out.add(vector);
        }
        return out;
    }
}
