package io.lalo.rag.index;

import java.util.Map;

/**
 * A chunk as a node's index takes it: identity, partition, the document it belongs to, its analysed terms (body
 * and title counted separately) and its vector.
 *
 * @param id the chunk's cache key id ({@code docId#number})
 * @param version changes whenever the chunk's content or its document's metadata changes
 */
public record IndexedChunk(String id, int partition, String version, DocumentMeta document,
                           Map<String, Integer> bodyTerms, Map<String, Integer> titleTerms, int bodyLength,
                           float[] vector) {
}
