package io.lalo.rag;

import io.lalo.config.LaloConfig;
import io.lalo.governance.AccessRequest;
import io.lalo.governance.Decision;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.lalo.grid.GridRole;
import io.lalo.grid.LaloNode;
import io.lalo.lifecycle.LaloComponent;
import io.lalo.llm.ChatClient;
import io.lalo.llm.OpenAiEndpoint;
import io.lalo.rag.answer.Answer;
import io.lalo.rag.answer.ExtractiveAnswerer;
import io.lalo.rag.answer.GeneratedAnswerer;
import io.lalo.rag.demo.DemoDocuments;
import io.lalo.rag.embed.Embedder;
import io.lalo.rag.embed.EmbeddingPool;
import io.lalo.rag.embed.MiniLmEmbedder;
import io.lalo.rag.embed.OpenAiEmbedder;
import io.lalo.rag.index.Bm25;
import io.lalo.rag.index.ChunkIndexer;
import io.lalo.rag.index.TextAnalyzer;
import io.lalo.rag.ingest.Chunker;
import io.lalo.rag.ingest.DocumentParser;
import io.lalo.rag.ingest.IngestJobs;
import io.lalo.rag.ingest.Ingestion;
import io.lalo.rag.search.RagNodeServices;
import io.lalo.rag.search.RagSearch;
import io.lalo.rag.search.SearchHit;
import io.lalo.rag.search.SearchRequest;
import io.lalo.rag.search.SearchResponse;
import io.lalo.rag.store.DocumentRecord;
import io.lalo.rag.store.DocumentStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The RAG component. On a server node it keeps the node's search index over the chunks it holds; where requests
 * are served (an embedded node or an edge) it also loads the embedding model and offers ingest, search and
 * answers. Started after governance, which decides what each caller may read.
 */
public final class Rag implements LaloComponent {

    private final LaloNode node;
    private final Governance governance;
    private final boolean serving;
    private volatile DocumentStore store;
    private volatile ChunkIndexer indexer;
    private volatile EmbeddingPool embeddings;
    private volatile Ingestion ingestion;
    private volatile IngestJobs jobs;
    private volatile RagSearch search;
    private volatile ExtractiveAnswerer answerer;
    private volatile GeneratedAnswerer generated;

    /**
     * @param serving whether this process serves requests (loads the model); a plain data node does not
     */
    public Rag(LaloNode node, Governance governance, boolean serving) {
        this.node = node;
        this.governance = governance;
        this.serving = serving;
    }

    @Override
    public String name() {
        return "rag";
    }

    @Override
    public CompletableFuture<Void> startAsync() {
        return LaloComponent.runOnOwnThread("lalo-rag-start", () -> {
            LaloConfig config = node.config();
            LaloConfig.Rag rag = config.rag();
            int backups = config.cluster().backups();
            store = new DocumentStore(node.ignite(), backups);
            TextAnalyzer analyzer = new TextAnalyzer();
            if (node.role() == GridRole.SERVER) {
                indexer = new ChunkIndexer(node.ignite(), store, analyzer, rag.dimensions());
                new RagNodeServices(indexer, governance).register(node.ignite());
                indexer.start();
            }
            if (serving) {
                Embedder model = rag.embedding().enabled()
                        ? new OpenAiEmbedder(OpenAiEndpoint.of(rag.embedding()), rag.dimensions()) : MiniLmEmbedder.load();
                embeddings = new EmbeddingPool(model, rag.embeddingThreads(), 16, rag.embeddingQueue());
                search = new RagSearch(node.ignite(), store, embeddings, analyzer, governance, Bm25.DEFAULT,
                        rag.resultCacheEntries(), rag.resultCacheTtl(), Clock.systemUTC());
                ingestion = new Ingestion(store, new DocumentParser(),
                        new Chunker(model, rag.chunkMaxTokens(), rag.chunkOverlapTokens()), embeddings,
                        rag.maxDocumentBytes(), 100_000, search::documentsChanged, Clock.systemUTC());
                jobs = new IngestJobs(node.ignite(), ingestion, backups, 1, 64, Clock.systemUTC());
                if (config.demo().enabled() && node.role() == GridRole.SERVER) {
                    DemoDocuments.ensure(node.ignite(), ingestion);
                }
                ExtractiveAnswerer extractive = new ExtractiveAnswerer(analyzer);
                generated = rag.generation().enabled()
                        ? new GeneratedAnswerer(new ChatClient(OpenAiEndpoint.of(rag.generation())), extractive) : null;
                answerer = extractive;
            }
        });
    }

    @Override
    public CompletableFuture<Void> stopAsync() {
        IngestJobs runningJobs = jobs;
        if (runningJobs != null) {
            runningJobs.close();
        }
        EmbeddingPool pool = embeddings;
        if (pool != null) {
            pool.close();
        }
        ChunkIndexer current = indexer;
        if (current != null) {
            RagNodeServices.unregister(node.ignite());
            current.close();
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Searches as {@code caller} outside an HTTP route (workflow nodes): the caller must be allowed
     * {@code rag.search}, and the decision's PII-redaction obligation applies to the passages.
     */
    public SearchResponse searchAs(Principal caller, SearchRequest request) {
        Decision decision = governance.decide(new AccessRequest(caller, RagSearch.ACTION,
                Resource.of("document", "*"), Map.of()));
        if (!decision.allowed()) {
            throw new IllegalStateException("Denied " + RagSearch.ACTION + ": " + decision.reason());
        }
        return search().search(caller, request, decision.obligations().redactedTypes());
    }

    /** Deletes a document of the caller's tenant; false when there is none the caller may see. */
    public boolean delete(Principal caller, String docId) {
        Optional<DocumentRecord> found = store().get(docId)
                .filter(record -> record.meta().acl().permits(caller));
        if (found.isEmpty()) {
            return false;
        }
        boolean deleted = store().delete(docId);
        if (deleted) {
            search().documentsChanged();
        }
        return deleted;
    }

    public DocumentStore store() {
        return started(store);
    }

    public Ingestion ingestion() {
        return started(ingestion);
    }

    public IngestJobs jobs() {
        return started(jobs);
    }

    public RagSearch search() {
        return started(search);
    }

    /** Answers from passages: generated by the configured model, or extracted when there is none. */
    public Answer answer(String question, List<SearchHit> passages) {
        GeneratedAnswerer model = generated;
        return model != null ? model.answer(question, passages) : started(answerer).answer(question, passages);
    }

    public EmbeddingPool embeddings() {
        return started(embeddings);
    }

    /** The embedding model once RAG serves (null before, and on nodes that do not serve): for fuzzy linking. */
    public io.lalo.rag.embed.Embedder embedderIfReady() {
        EmbeddingPool pool = embeddings;
        return pool == null ? null : pool.embedder();
    }

    /** This node's index, when it is a server node. */
    public Optional<ChunkIndexer> indexer() {
        return Optional.ofNullable(indexer);
    }

    private static <T> T started(T part) {
        if (part == null) {
            throw new IllegalStateException("RAG is not started here");
        }
        return part;
    }
}
