package io.lalo.llm;

/** The endpoint gave no usable answer (unreachable, an error status, a timeout, or an answer of the wrong shape). */
public final class LlmUnavailable extends RuntimeException {

    public LlmUnavailable(String message) {
        super(message, null, false, false);
    }
}
