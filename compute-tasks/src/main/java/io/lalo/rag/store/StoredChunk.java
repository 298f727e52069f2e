package io.lalo.rag.store;

import io.lalo.rag.index.DocumentMeta;
import java.io.Serializable;

/**
 * A chunk in the grid: its passage, where it lies in the document's text, its vector, and its document's
 * metadata (so the node that holds it can index and filter it without another lookup).
 */
public record StoredChunk(DocumentMeta document, String revision, int number, int start, int end, String section,
                          String text, float[] vector) implements Serializable {

    public String id() {
        return ChunkKeys.id(document.docId(), number);
    }
}
