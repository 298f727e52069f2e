package io.lalo.rag.embed;

import io.lalo.llm.EmbeddingsClient;
import io.lalo.llm.LlmUnavailable;
import io.lalo.llm.OpenAiEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Embeddings from an OpenAI-compatible endpoint the operator configured ({@code rag.embedding.url}), for teams
 * that run a larger model as a service. Vectors are checked for the configured length and normalised, so search
 * scores stay cosines. LALO cannot run the remote model's tokenizer, so chunks are measured in words and
 * punctuation marks, which sub-word tokenizers split further: a budget of 200 stays well inside the input limits
 * of such models (512 tokens and up).
 */
public final class OpenAiEmbedder implements Embedder {

    private static final Pattern WORD = Pattern.compile("\\w+|[^\\s\\w]");
    private static final int MAX_WORDS = 256;

    private final EmbeddingsClient client;
    private final OpenAiEndpoint endpoint;
    private final int dimensions;

    public OpenAiEmbedder(OpenAiEndpoint endpoint, int dimensions) {
        this.client = new EmbeddingsClient(endpoint);
        this.endpoint = endpoint;
        this.dimensions = dimensions;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public int maxTokens() {
        return MAX_WORDS;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<float[]> vectors = client.embed(texts);
        List<float[]> normalised = new ArrayList<>(vectors.size());
        for (float[] vector : vectors) {
            if (vector.length != dimensions) {
                throw new LlmUnavailable("the embeddings endpoint returned " + vector.length
                        + " dimensions; rag.embedding.dimensions says " + dimensions);
            }
            normalised.add(unit(vector));
        }
        return normalised;
    }

    private static float[] unit(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = vector[i] * scale;
        }
        return out;
    }

    @Override
    public List<TokenSpan> tokenSpans(String text) {
        List<TokenSpan> spans = new ArrayList<>();
        Matcher word = WORD.matcher(text);
        while (word.find()) {
            spans.add(new TokenSpan(word.start(), word.end()));
        }
        return spans;
    }

    @Override
    public String name() {
        return "openai:" + endpoint.model();
    }

    @Override
    public void close() {
        // nothing held open: the HTTP client's connections close with it
    }
}
