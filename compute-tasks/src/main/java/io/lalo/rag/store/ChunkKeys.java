package io.lalo.rag.store;

import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.affinity.AffinityKey;

/** Chunk keys: {@code docId#number}, with the document id as affinity key so a document's chunks share a node. */
public final class ChunkKeys {

    private ChunkKeys() {
    }

    public static String id(String docId, int number) {
        return docId + "#" + number;
    }

    public static AffinityKey<String> key(String docId, int number) {
        return new AffinityKey<>(id(docId, number), docId);
    }

    /** The key for a chunk id as search returns it. */
    public static AffinityKey<String> key(String chunkId) {
        int hash = chunkId.lastIndexOf('#');
        if (hash <= 0) {
            throw new IllegalArgumentException("not a chunk id: " + chunkId);
        }
        return new AffinityKey<>(chunkId, chunkId.substring(0, hash));
    }

    /** The chunk id of a key as a cache event or scan hands it over (object or binary form). */
    @SuppressWarnings("unchecked")
    public static String idOf(Object key) {
        Object plain = key instanceof BinaryObject binary ? binary.deserialize() : key;
        return ((AffinityKey<String>) plain).key();
    }
}
