package io.lalo.edge;

import io.lalo.llm.LlmUnavailable;
import io.lalo.rag.embed.EmbeddingBacklogException;
import io.lalo.rag.ingest.InvalidDocumentException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/** RAG failures as API errors: bad documents are 4xx, a full embedding or job queue is 503 with Retry-After. */
final class RagFailures {

    private RagFailures() {
    }

    static Throwable translate(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof InvalidDocumentException invalid) {
            int status = invalid.code().equals("DOCUMENT_TOO_LARGE") ? 413
                    : invalid.code().equals("ID_TAKEN") ? 409 : 400;
            return new ApiException(status, invalid.code(), invalid.getMessage());
        }
        if (cause instanceof EmbeddingBacklogException || cause instanceof RejectedExecutionException) {
            return new ApiException(503, "BUSY", "LALO is busy embedding; retry shortly", Map.of(),
                    Map.of("Retry-After", "2"));
        }
        if (cause instanceof LlmUnavailable unavailable) {
            return new ApiException(503, "UPSTREAM_UNAVAILABLE", "The configured model endpoint gave no answer: "
                    + unavailable.getMessage(), Map.of(), Map.of("Retry-After", "5"));
        }
        if (cause instanceof IllegalArgumentException invalid) {
            return ApiException.badRequest("body", invalid.getMessage());
        }
        return cause;
    }
}
