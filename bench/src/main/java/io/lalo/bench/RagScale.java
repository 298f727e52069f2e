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
 * <pre>scripts/bench-rag ../shared/data/scifact [CHUNKS=100000] [THREADS=1,2] [SECONDS=20]</pre>
 */
public final class RagScale {

    private static final Principal USER = new Principal("bench", "default", Set.of("viewer", "analyst"), Map.of());

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int target = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        List<Integer> threadCounts = Arrays.stream((args.length > 2 ? args[2] : "1,2").split(","))
                .map(Integer::parseInt).toList();
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
            for (int threads : threadCounts) {
                for (SearchMode mode : SearchMode.values()) {
                    latency(rag, texts, mode, threads, seconds);
                }
            }
            visibility(rag, 10);
            cached(node, governance, rag, texts.subList(0, 50), threadCounts.get(threadCounts.size() - 1), seconds);
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
        List<Double> all = closedLoop(threads, seconds, (thread, i) -> rag.search().search(USER, new SearchRequest(
                queries.get((thread + i * threads) % queries.size()), 10, mode, SearchFilter.NONE, 0)));
        System.out.printf("search %-6s threads %d: %d queries in %d s = %.0f QPS, P50 %.2f ms, P95 %.2f ms, "
                        + "P99 %.2f ms%n", mode.name().toLowerCase(), threads, all.size(), seconds,
                all.size() / (double) seconds, pct(all, 0.5), pct(all, 0.95), pct(all, 0.99));
    }

    /** One search of a closed-loop run: the thread's number and how many calls it made before. */
    @FunctionalInterface
    private interface Call {
        void run(int thread, int count);
    }

    /** Runs {@code call} back to back on {@code threads} threads for {@code seconds}; sorted latencies in ms. */
    private static List<Double> closedLoop(int threads, int seconds, Call call) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Double>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                List<Double> millis = new ArrayList<>();
                for (int i = 0; System.nanoTime() < end; i++) {
                    long start = System.nanoTime();
                    call.run(thread, i);
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
        return all;
    }

    /**
     * Frequent queries: 50 distinct queries asked over and over through a search service with the result cache on
     * (as the edge runs it), hybrid mode: the hit rate and the throughput the cache gives.
     */
    private static void cached(LaloNode node, Governance governance, Rag rag, List<String> frequent, int threads,
                               int seconds) throws Exception {
        io.lalo.rag.search.RagSearch search = new io.lalo.rag.search.RagSearch(node.ignite(), rag.store(),
                rag.embeddings(), new io.lalo.rag.index.TextAnalyzer(), governance, Bm25.DEFAULT, 10_000,
                java.time.Duration.ofMinutes(5), java.time.Clock.systemUTC());
        Thread.sleep(3_000); // past the settling time after the last document change
        List<Double> all = closedLoop(threads, seconds, (thread, i) -> search.search(USER, new SearchRequest(
                frequent.get(Math.floorMod(31 * (thread + 1) * (i + 7) + i * i, frequent.size())), 10,
                SearchMode.HYBRID, SearchFilter.NONE, 0)));
        System.out.printf("cached hybrid, 50 frequent queries, threads %d: %.0f QPS, hit rate %.3f, P50 %.3f ms, "
                        + "P95 %.3f ms%n", threads, all.size() / (double) seconds,
                search.cacheHits() / (double) (search.cacheHits() + search.cacheMisses()), pct(all, 0.5),
                pct(all, 0.95));
    }

    /** Time from an ingest call returning until a search finds the new document, at the store's full size. */
    private static void visibility(Rag rag, int rounds) throws InterruptedException {
        List<Double> ingestMillis = new ArrayList<>();
        List<Double> visibleMillis = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            String word = "zqxv" + round + "marker";
            long start = System.nanoTime();
            rag.ingestion().ingest(new io.lalo.rag.ingest.IngestRequest("fresh-" + round, "Fresh " + round, "bench",
                    Set.of(), Set.of(), Set.of(), ("A new finding about " + word + " in cell biology.")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), io.lalo.rag.ingest.DocumentFormat.TEXT, USER));
            long ingested = System.nanoTime();
            while (rag.search().search(USER, new SearchRequest(word, 1, SearchMode.BM25, SearchFilter.NONE, 0))
                    .hits().isEmpty()) {
                Thread.sleep(5);
            }
            ingestMillis.add((ingested - start) / 1e6);
            visibleMillis.add((System.nanoTime() - ingested) / 1e6);
        }
        ingestMillis.sort(Double::compare);
        visibleMillis.sort(Double::compare);
        System.out.printf("one-document ingest (1 chunk) P50 %.1f ms, max %.1f ms; then searchable after P50 %.1f ms, "
                + "max %.1f ms (%d rounds)%n", pct(ingestMillis, 0.5), ingestMillis.get(ingestMillis.size() - 1),
                pct(visibleMillis, 0.5), visibleMillis.get(visibleMillis.size() - 1), rounds);
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
