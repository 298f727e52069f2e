package io.lalo.rag.store;

import io.lalo.grid.JavaForm;
import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.affinity.AffinityKey;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.transactions.Transaction;
import org.apache.ignite.transactions.TransactionConcurrency;
import org.apache.ignite.transactions.TransactionIsolation;

/**
 * Documents and their chunks in the grid. Both caches are transactional and partitioned alike, and a chunk's
 * affinity key is its document id, so a document and all its chunks live in one partition: writing or deleting a
 * document is one transaction on one primary node, and a failed ingest leaves nothing behind.
 */
public final class DocumentStore {

    public static final String DOCUMENTS = "lalo_documents";
    public static final String CHUNKS = "lalo_chunks";

    private static final Comparator<AffinityKey<String>> KEY_ORDER = Comparator.comparing(AffinityKey::key);
    static final ObjectInputFilter RAG_TYPES = JavaForm.allowing("io.lalo.rag.**", "io.lalo.governance.DocumentAcl");

    private final Ignite ignite;
    private final IgniteCache<String, byte[]> documents;
    private final IgniteCache<AffinityKey<String>, byte[]> chunks;

    public DocumentStore(Ignite ignite, int backups) {
        this.ignite = ignite;
        this.documents = ignite.getOrCreateCache(configuration(DOCUMENTS, backups));
        this.chunks = ignite.getOrCreateCache(configuration(CHUNKS, backups));
    }

    private static <K> CacheConfiguration<K, byte[]> configuration(String name, int backups) {
        return new CacheConfiguration<K, byte[]>(name)
                .setAtomicityMode(CacheAtomicityMode.TRANSACTIONAL)
                .setBackups(backups)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC);
    }

    /** What a write did. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    public Optional<DocumentRecord> get(String docId) {
        byte[] stored = documents.get(docId);
        return stored == null ? Optional.empty() : decodeDocument(stored);
    }

    /**
     * Stores a document and its chunks atomically, replacing an earlier version (its surplus chunks are removed);
     * nothing is written when the stored revision is already this one.
     */
    public Outcome write(DocumentRecord record, List<StoredChunk> newChunks) {
        try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                TransactionIsolation.REPEATABLE_READ)) {
            Optional<DocumentRecord> old = Optional.ofNullable(documents.get(record.docId()))
                    .flatMap(DocumentStore::decodeDocument);
            if (old.isPresent() && old.get().revision().equals(record.revision())) {
                tx.commit();
                return Outcome.UNCHANGED;
            }
            Set<AffinityKey<String>> surplus = new TreeSet<>(KEY_ORDER);
            old.ifPresent(previous -> {
                for (int number = newChunks.size(); number < previous.chunkCount(); number++) {
                    surplus.add(ChunkKeys.key(previous.docId(), number));
                }
            });
            chunks.removeAll(surplus);
            // Sorted, so concurrent transactions lock keys in one order and cannot deadlock.
            Map<AffinityKey<String>, byte[]> values = new TreeMap<>(KEY_ORDER);
            for (StoredChunk chunk : newChunks) {
                values.put(ChunkKeys.key(record.docId(), chunk.number()), JavaForm.encode(chunk));
            }
            chunks.putAll(values);
            documents.put(record.docId(), JavaForm.encode(record));
            tx.commit();
            return old.isPresent() ? Outcome.UPDATED : Outcome.CREATED;
        }
    }

    /** Deletes a document and its chunks in one transaction; false when there was no such document. */
    public boolean delete(String docId) {
        try (Transaction tx = ignite.transactions().txStart(TransactionConcurrency.PESSIMISTIC,
                TransactionIsolation.REPEATABLE_READ)) {
            Optional<DocumentRecord> old = Optional.ofNullable(documents.get(docId))
                    .flatMap(DocumentStore::decodeDocument);
            if (old.isEmpty()) {
                tx.commit();
                return false;
            }
            Set<AffinityKey<String>> keys = new TreeSet<>(KEY_ORDER);
            for (int number = 0; number < old.get().chunkCount(); number++) {
                keys.add(ChunkKeys.key(docId, number));
            }
            chunks.removeAll(keys);
            documents.remove(docId);
            tx.commit();
            return true;
        }
    }

    /** The chunks with these ids that exist, by id. */
    public Map<String, StoredChunk> chunks(Collection<String> chunkIds) {
        Set<AffinityKey<String>> keys = new HashSet<>();
        chunkIds.forEach(id -> keys.add(ChunkKeys.key(id)));
        Map<String, StoredChunk> out = new LinkedHashMap<>();
        chunks.getAll(keys).forEach((key, value) -> decodeChunk(value).ifPresent(chunk -> out.put(key.key(), chunk)));
        return out;
    }

    /** A document's chunks in order. */
    public List<StoredChunk> chunksOf(DocumentRecord record) {
        List<String> ids = new ArrayList<>();
        for (int number = 0; number < record.chunkCount(); number++) {
            ids.add(ChunkKeys.id(record.docId(), number));
        }
        Map<String, StoredChunk> found = chunks(ids);
        List<StoredChunk> ordered = new ArrayList<>();
        ids.forEach(id -> {
            if (found.containsKey(id)) {
                ordered.add(found.get(id));
            }
        });
        return ordered;
    }

    /** Documents passing {@code filter}, ordered by id, one page of them, and how many passed in all. */
    public Page list(Predicate<DocumentRecord> filter, int offset, int limit) {
        List<DocumentRecord> all = new ArrayList<>();
        try (QueryCursor<Cache.Entry<String, byte[]>> cursor = documents.query(new ScanQuery<String, byte[]>())) {
            for (Cache.Entry<String, byte[]> entry : cursor) {
                decodeDocument(entry.getValue()).filter(filter).ifPresent(all::add);
            }
        }
        all.sort(Comparator.comparing(DocumentRecord::docId));
        int from = Math.min(offset, all.size());
        return new Page(all.subList(from, Math.min(all.size(), from + limit)), all.size());
    }

    /** One page of a listing. */
    public record Page(List<DocumentRecord> documents, int total) {
    }

    /** Chunk cache in its stored form, for the node's indexer. */
    public IgniteCache<AffinityKey<String>, byte[]> chunkCache() {
        return chunks;
    }

    public static Optional<StoredChunk> decodeChunk(byte[] stored) {
        return JavaForm.decode(stored, StoredChunk.class, RAG_TYPES);
    }

    static Optional<DocumentRecord> decodeDocument(byte[] stored) {
        return JavaForm.decode(stored, DocumentRecord.class, RAG_TYPES);
    }
}
