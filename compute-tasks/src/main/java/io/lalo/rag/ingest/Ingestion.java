package io.lalo.rag.ingest;

import io.lalo.governance.DocumentAcl;
import io.lalo.rag.embed.EmbeddingPool;
import io.lalo.rag.index.DocumentMeta;
import io.lalo.rag.store.DocumentRecord;
import io.lalo.rag.store.DocumentStore;
import io.lalo.rag.store.StoredChunk;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * Ingest: parse, cut into chunks, embed, then store the document and its chunks in one transaction. Nothing is
 * written until every chunk has its vector, so a failure anywhere leaves the grid as it was. Idempotent: the same
 * bytes with the same metadata are recognised by their revision and not embedded again; a change of metadata only
 * reuses the stored vectors. Blocking: run it on a worker or job thread.
 */
public final class Ingestion {

    private final DocumentStore store;
    private final DocumentParser parser;
    private final Chunker chunker;
    private final EmbeddingPool embeddings;
    private final long maxBytes;
    private final int maxChunks;
    private final Runnable changed;
    private final Clock clock;

    public Ingestion(DocumentStore store, DocumentParser parser, Chunker chunker, EmbeddingPool embeddings,
                     long maxBytes, int maxChunks, Runnable changed, Clock clock) {
        this.store = store;
        this.parser = parser;
        this.chunker = chunker;
        this.embeddings = embeddings;
        this.maxBytes = maxBytes;
        this.maxChunks = maxChunks;
        this.changed = changed;
        this.clock = clock;
    }

    public IngestResult ingest(IngestRequest request) {
        return ingest(request, (done, total) -> { });
    }

    /** Ingests, reporting embedding progress as (chunks embedded, chunks in all). */
    public IngestResult ingest(IngestRequest request, Progress progress) {
        if (request.content().length > maxBytes) {
            throw new InvalidDocumentException("DOCUMENT_TOO_LARGE", "The document is " + request.content().length
                    + " bytes; at most " + maxBytes + " are accepted (rag.maxDocumentBytes)");
        }
        ParsedDocument parsed = parser.parse(request.content(), request.format(), request.title());
        String contentHash = sha256(request.content());
        String tenant = request.owner().tenant();
        String docId = request.docId() != null ? request.docId() : "doc-" + sha256((tenant + '\u0000' + contentHash)
                .getBytes(StandardCharsets.UTF_8)).substring(0, 24);
        DocumentMeta meta = new DocumentMeta(docId, parsed.title(), request.source(), request.tags(),
                new DocumentAcl(tenant, request.users(), request.groups()));
        String revision = revision(contentHash, meta, chunker.signature() + "/" + embeddings.embedder().name());
        Optional<DocumentRecord> existing = store.get(docId);
        if (existing.isPresent() && existing.get().revision().equals(revision)) {
            DocumentRecord same = existing.get();
            return new IngestResult(docId, DocumentStore.Outcome.UNCHANGED, same.meta().title(), same.chunkCount(),
                    revision);
        }
        if (existing.isPresent() && !existing.get().meta().acl().tenant().equals(tenant)) {
            throw new InvalidDocumentException("ID_TAKEN", "The id " + docId + " is used by another tenant");
        }
        List<Chunk> chunks = chunker.chunk(parsed);
        if (chunks.size() > maxChunks) {
            throw new InvalidDocumentException("DOCUMENT_TOO_LARGE", "The document makes " + chunks.size()
                    + " chunks; at most " + maxChunks + " are accepted");
        }
        List<float[]> vectors = reusableVectors(existing, contentHash, meta, chunks)
                .orElseGet(() -> embed(meta, chunks, progress));
        List<StoredChunk> stored = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            stored.add(new StoredChunk(meta, revision, chunk.number(), chunk.start(), chunk.end(), chunk.section(),
                    chunk.text(), vectors.get(i)));
        }
        Instant now = clock.instant();
        DocumentRecord record = new DocumentRecord(meta, contentHash, request.format().mediaType(),
                request.content().length, parsed.text().length(), chunks.size(), revision, request.owner().id(),
                existing.map(DocumentRecord::createdAt).orElse(now), now);
        DocumentStore.Outcome outcome = store.write(record, stored);
        if (outcome != DocumentStore.Outcome.UNCHANGED) {
            changed.run();
        }
        return new IngestResult(docId, outcome, meta.title(), chunks.size(), revision);
    }

    private List<float[]> embed(DocumentMeta meta, List<Chunk> chunks, Progress progress) {
        List<String> texts = new ArrayList<>(chunks.size());
        for (Chunk chunk : chunks) {
            texts.add(embeddingText(meta.title(), chunk));
        }
        IntConsumer report = done -> progress.embedded(done, chunks.size());
        return embeddings.embedAll(texts, report).join();
    }

    /**
     * The text a chunk is embedded as: its document title and section path before the passage, so a passage that
     * only makes sense in context ("It runs nightly.") is still found by what it is about.
     */
    static String embeddingText(String title, Chunk chunk) {
        StringBuilder text = new StringBuilder();
        if (!title.isEmpty()) {
            text.append(title).append('\n');
        }
        String section = chunk.section();
        if (!section.isEmpty() && !section.equals(title)) {
            text.append(section).append('\n');
        }
        return text.append(chunk.text()).toString();
    }

    /** The stored vectors, when only metadata changed and the content (hence every chunk) is the same. */
    private Optional<List<float[]>> reusableVectors(Optional<DocumentRecord> existing, String contentHash,
                                                    DocumentMeta meta, List<Chunk> chunks) {
        if (existing.isEmpty() || !existing.get().contentHash().equals(contentHash)
                || existing.get().chunkCount() != chunks.size()
                || !existing.get().meta().title().equals(meta.title())) {
            return Optional.empty();
        }
        List<StoredChunk> old = store.chunksOf(existing.get());
        if (old.size() != chunks.size()) {
            return Optional.empty();
        }
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            if (!old.get(i).text().equals(chunks.get(i).text())) {
                return Optional.empty();
            }
            vectors.add(old.get(i).vector());
        }
        return Optional.of(vectors);
    }

    /** Changes with the content, the metadata, and how chunks are cut and embedded. */
    private static String revision(String contentHash, DocumentMeta meta, String processing) {
        String material = String.join("\u0000", contentHash, processing, meta.title(), meta.source(),
                String.join(",", new TreeSet<>(meta.tags())), meta.acl().tenant(),
                String.join(",", new TreeSet<>(meta.acl().users())), String.join(",", new TreeSet<>(meta.acl().groups())));
        return sha256(material.getBytes(StandardCharsets.UTF_8)).substring(0, 20);
    }

    static String sha256(byte[] bytes) {
        return io.lalo.digest.Sha256.hex(bytes);
    }

    /** Embedding progress of one ingest. */
    @FunctionalInterface
    public interface Progress {
        void embedded(int done, int total);
    }
}
