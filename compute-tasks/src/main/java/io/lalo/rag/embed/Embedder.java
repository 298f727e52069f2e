package io.lalo.rag.embed;

import java.util.List;

/**
 * Turns texts into unit-length vectors for semantic search, and counts text in the model's own tokens so the
 * chunker can keep every chunk inside what the model reads. Implementations are thread-safe and blocking: callers
 * run them on {@link EmbeddingPool}, never on an event loop.
 */
public interface Embedder extends AutoCloseable {

    /** The length of every vector this embedder returns. */
    int dimensions();

    /** The most tokens of one text the model reads; the chunker keeps chunks within it. */
    int maxTokens();

    /** One L2-normalised vector per text, in order. */
    List<float[]> embed(List<String> texts);

    /**
     * The character spans of the model's tokens in {@code text} (without special tokens), each as {@code
     * [start, end)}; their count is the text's length in tokens.
     */
    List<TokenSpan> tokenSpans(String text);

    /** A name for logs and metrics, e.g. {@code all-MiniLM-L6-v2-q}. */
    String name();

    @Override
    void close();

    /** Where one token lies in the text it came from. */
    record TokenSpan(int start, int end) {
    }
}
