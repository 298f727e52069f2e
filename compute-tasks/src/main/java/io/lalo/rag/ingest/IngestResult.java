package io.lalo.rag.ingest;

import io.lalo.rag.store.DocumentStore;
import java.io.Serializable;

/** What an ingest did: the document id, whether it was new, replaced or already there, and how it was cut. */
public record IngestResult(String docId, DocumentStore.Outcome outcome, String title, int chunks, String revision)
        implements Serializable {
}
