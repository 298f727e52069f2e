package io.lalo.bench;

import io.lalo.governance.DocumentAcl;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.grid.LaloNode;
import io.lalo.rag.Rag;
import io.lalo.rag.eval.BeirDataset;
import io.lalo.rag.eval.BeirEvaluation;
import io.lalo.rag.index.Bm25;
import io.lalo.rag.index.DocumentMeta;
import io.lalo.rag.index.LocalChunkIndex;
import io.lalo.rag.index.NodeQuery;
import io.lalo.rag.index.NodeResult;
import io.lalo.rag.index.SearchFilter;
import io.lalo.rag.search.SearchMode;
import io.lalo.rag.search.SearchRequest;
import io.lalo.rag.store.DocumentRecord;
import io.lalo.rag.store.DocumentStore;
import io.lalo.rag.store.StoredChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.cache.Cache;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;

/**
 * RAG at scale on one persistent node: ingests a BEIR corpus through the real path (throughput), measures ANN
 * recall@10 against exact search on its vectors, grows the store to a target size with perturbed copies of the
 * real chunks (clustered like real data, written straight to the chunk cache, indexed by the node's indexer), then
 * measures recall again, search latency with query embedding included (closed loop, several threads), and the
 * bytes a chunk takes on heap and on disk.
 *
 * <pre>scripts/bench-rag ../shared/data/scifact [CHUNKS=100000] [THREADS=2] [SECONDS=20]</pre>
 */
public final class RagScale {

    private static final Principal USER = new Principal("bench", "default", Set.of("viewer", "analyst"), Map.of());

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int target = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        BeirDataset dataset = BeirDataset.read(data);
        LaloNode node = BenchGrid.start("2g", true, Map.of("rag.resultCache.entries", "0",
                "clientConnector.authentication", "false"));
        Governance governance = new Governance(node);
        governance.startAsync().join();
        Rag rag = new Rag(node, governance, true);
        rag.startAsync().join();
        try {
            long start = System.nanoTime();
            ingest(rag, dataset);
            double ingestSeconds = (System.nanoTime() - start) / 1e9;
            long realChunks = rag.store().chunkCache().sizeLong();
            System.out.printf("ingest: %d documents, %d chunks in %.1f s = %.0f chunks/s, %.1f documents/s%n",
                    dataset.corpus().size(), realChunks, ingestSeconds, realChunks / ingestSeconds,
                    dataset.corpus().size() / ingestSeconds);
            awaitIndexed(rag, realChunks);
            List<float[]> queries = queryVectors(rag, dataset, 300);
            System.out.printf("recall@10 vs exact, %d chunks: %.4f%n", realChunks, recall(rag, queries));

            start = System.nanoTime();
            grow(rag, target);
            long chunks = rag.store().chunkCache().sizeLong();
            awaitIndexed(rag, chunks);
            System.out.printf("grown to %d chunks and indexed in %.1f s%n", chunks, (System.nanoTime() - start) / 1e9);
            System.out.printf("recall@10 vs exact, %d chunks: %.4f%n", chunks, recall(rag, queries));
            LocalChunkIndex index = rag.indexer().orElseThrow().index();
            System.out.printf("index heap: %.1f MB = %.0f bytes per chunk%n", index.ramBytesUsed() / 1e6,
                    (double) index.ramBytesUsed() / chunks);
            List<String> texts = new ArrayList<>(dataset.queries().values());
            for (SearchMode mode : SearchMode.values()) {
                latency(rag, texts, mode, threads, seconds);
            }
        } finally {
            rag.stopAsync().join();
            governance.stopAsync().join();
            Path dir = node.config().storage().dataDir();
            node.stopAsync().join();
            long bytes = folderBytes(dir, "cache-" + DocumentStore.CHUNKS);
            System.out.printf("disk: chunk cache folder %.1f MB%n", bytes / 1e6);
        }
        System.exit(0);
    }

    private static void ingest(Rag rag, BeirDataset dataset) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        List<Future<?>> pending = new ArrayList<>();
        for (BeirDataset.Document doc : dataset.corpus()) {
            String text = doc.text().isBlank() ? doc.title() : doc.text();
            pending.add(workers.submit(() -> rag.ingestion().ingest(new io.lalo.rag.ingest.IngestRequest(
                    "d" + doc.id().replaceAll("[^A-Za-z0-9]", ""), doc.title(), "beir", Set.of(), Set.of(), Set.of(),
                    text.getBytes(java.nio.charset.StandardCharsets.UTF_8), io.lalo.rag.ingest.DocumentFormat.TEXT,
                    USER))));
        }
        for (Future<?> future : pending) {
            future.get();
        }
        workers.shutdown();
    }

    private static void awaitIndexed(Rag rag, long chunks) throws InterruptedException {
        while (rag.indexer().orElseThrow().index().size() < chunks) {
            Thread.sleep(200);
        }
    }

    private static List<float[]> queryVectors(Rag rag, BeirDataset dataset, int count) {
        List<String> texts = dataset.queries().values().stream().limit(count).toList();
        return rag.embeddings().embedAll(texts).join();
    }

    /** Copies of the real chunks, each vector nudged by Gaussian noise and renormalised, in documents of 2. */
    private static void grow(Rag rag, int target) throws Exception {
        List<StoredChunk> real = new ArrayList<>();
        try (QueryCursor<Cache.Entry<org.apache.ignite.cache.affinity.AffinityKey<String>, byte[]>> cursor =
                     rag.store().chunkCache().query(new ScanQuery<>())) {
            for (var entry : cursor) {
                DocumentStore.decodeChunk(entry.getValue()).ifPresent(real::add);
            }
        }
        long have = real.size();
        Random random = new Random(42);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> pending = new ArrayList<>();
        for (int copy = 0; have < target; copy++) {
            StoredChunk first = real.get(random.nextInt(real.size()));
            StoredChunk second = real.get(random.nextInt(real.size()));
            String docId = "copy-" + copy;
            DocumentMeta meta = new DocumentMeta(docId, first.document().title(), "copy", Set.of(),
                    new DocumentAcl("default", Set.of(), Set.of()));
            List<StoredChunk> chunks = List.of(
                    new StoredChunk(meta, "r", 0, 0, first.text().length(), "", first.text(), nudge(first.vector(), random)),
                    new StoredChunk(meta, "r", 1, 0, second.text().length(), "", second.text(),
                            nudge(second.vector(), random)));
            DocumentRecord record = new DocumentRecord(meta, "h" + copy, "text/plain", 0, 0, 2, "r", "bench",
                    Instant.now(), Instant.now());
            pending.add(writers.submit(() -> rag.store().write(record, chunks)));
            have += 2;
        }
        for (Future<?> future : pending) {
            future.get();
        }
        writers.shutdown();
        rag.search().documentsChanged();
    }

    private static float[] nudge(float[] vector, Random random) {
        float[] out = new float[vector.length];
        double norm = 0;
        for (int i = 0; i < vector.length; i++) {
            out[i] = (float) (vector[i] + random.nextGaussian() * 0.03);
            norm += out[i] * out[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < out.length; i++) {
            out[i] *= scale;
        }
        return out;
    }

    /** Mean share of the exact top 10 (brute force over every stored vector) that the index returns. */
    private static double recall(Rag rag, List<float[]> queries) {
        List<String> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        try (QueryCursor<Cache.Entry<org.apache.ignite.cache.affinity.AffinityKey<String>, byte[]>> cursor =
                     rag.store().chunkCache().query(new ScanQuery<>())) {
            for (var entry : cursor) {
                DocumentStore.decodeChunk(entry.getValue()).ifPresent(chunk -> {
                    ids.add(chunk.id());
                    vectors.add(chunk.vector());
                });
            }
        }
        LocalChunkIndex index = rag.indexer().orElseThrow().index();
        boolean[] all = new boolean[rag.indexer().orElseThrow().primaryPartitions().length];
        Arrays.fill(all, true);
        double total = 0;
        for (float[] query : queries) {
            PriorityQueue<Integer> best = new PriorityQueue<>(Comparator.comparingDouble(i -> dot(query, vectors.get(i))));
            for (int i = 0; i < vectors.size(); i++) {
                best.add(i);
                if (best.size() > 10) {
                    best.poll();
                }
            }
            Set<String> exact = new HashSet<>();
            best.forEach(i -> exact.add(ids.get(i)));
            NodeResult result = index.search(new NodeQuery(List.of(), query, 10, 100, SearchFilter.NONE, Bm25.DEFAULT),
                    meta -> true, all);
            total += result.vectorHits().stream().filter(hit -> exact.contains(hit.chunkId())).count() / 10.0;
        }
        return total / queries.size();
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void latency(Rag rag, List<String> queries, SearchMode mode, int threads, int seconds)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Double>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            futures.add(pool.submit(() -> {
                List<Double> millis = new ArrayList<>();
                for (int i = offset; System.nanoTime() < end; i += threads) {
                    long start = System.nanoTime();
                    rag.search().search(USER, new SearchRequest(queries.get(i % queries.size()), 10, mode,
                            SearchFilter.NONE, 0));
                    millis.add((System.nanoTime() - start) / 1e6);
                }
                return millis;
            }));
        }
        List<Double> all = new ArrayList<>();
        for (Future<List<Double>> future : futures) {
            all.addAll(future.get());
        }
        pool.shutdown();
        all.sort(Double::compare);
        System.out.printf("search %-6s threads %d: %d queries in %d s = %.0f QPS, P50 %.2f ms, P95 %.2f ms, "
                        + "P99 %.2f ms%n", mode.name().toLowerCase(), threads, all.size(), seconds,
                all.size() / (double) seconds, pct(all, 0.5), pct(all, 0.95), pct(all, 0.99));
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static long folderBytes(Path root, String name) throws Exception {
        long bytes = 0;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                if (path.toString().contains(name)) {
                    bytes += Files.size(path);
                }
            }
        }
        return bytes;
    }
}
