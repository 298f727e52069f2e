package io.lalo.rag.embed;

/** The embedding pool's queue is full: the caller should answer 503 with Retry-After rather than wait unbounded. */
public final class EmbeddingBacklogException extends RuntimeException {

    public EmbeddingBacklogException() {
        super("The embedding queue is full; retry shortly");
    }
}
