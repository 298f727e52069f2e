package io.lalo.rag.ingest;

import java.io.Serializable;
import java.time.Instant;

/**
 * An asynchronous ingest as its caller sees it: state, progress in embedded chunks, and the result or the error.
 *
 * @param nodeId the node running it: if that node leaves before it finishes, the job is reported failed
 */
public record IngestJob(String id, String owner, String tenant, State state, int embedded, int total,
                        IngestResult result, String errorCode, String errorMessage, String nodeId, Instant createdAt,
                        Instant updatedAt) implements Serializable {

    /** Where a job is. */
    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED }

    IngestJob withProgress(int done, int all, Instant now) {
        return new IngestJob(id, owner, tenant, State.RUNNING, done, all, null, null, null, nodeId, createdAt, now);
    }

    IngestJob succeeded(IngestResult outcome, Instant now) {
        return new IngestJob(id, owner, tenant, State.SUCCEEDED, outcome.chunks(), outcome.chunks(), outcome, null,
                null, nodeId, createdAt, now);
    }

    IngestJob failed(String code, String message, Instant now) {
        return new IngestJob(id, owner, tenant, State.FAILED, embedded, total, null, code, message, nodeId,
                createdAt, now);
    }

    public boolean finished() {
        return state == State.SUCCEEDED || state == State.FAILED;
    }
}
