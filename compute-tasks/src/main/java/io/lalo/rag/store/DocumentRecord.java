package io.lalo.rag.store;

import io.lalo.rag.index.DocumentMeta;
import java.io.Serializable;
import java.time.Instant;

/**
 * A document as LALO keeps it: its metadata and access list, what it was made from, and how it was cut.
 *
 * @param contentHash SHA-256 of the uploaded bytes
 * @param revision changes with the content and with any metadata search depends on; chunks carry it too
 */
public record DocumentRecord(DocumentMeta meta, String contentHash, String format, long sizeBytes, int textLength,
                             int chunkCount, String revision, String owner, Instant createdAt, Instant updatedAt)
        implements Serializable {

    public String docId() {
        return meta.docId();
    }
}
