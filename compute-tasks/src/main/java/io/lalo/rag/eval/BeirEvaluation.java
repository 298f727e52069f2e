package io.lalo.rag.eval;

import io.lalo.config.LaloConfig;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.grid.LaloNode;
import io.lalo.rag.Rag;
import io.lalo.rag.index.SearchFilter;
import io.lalo.rag.ingest.DocumentFormat;
import io.lalo.rag.ingest.IngestRequest;
import io.lalo.rag.search.SearchHit;
import io.lalo.rag.search.SearchMode;
import io.lalo.rag.search.SearchRequest;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/eval-rag DIR}: ingests a BEIR collection into an in-memory node through the same ingest path
 * users have (parse, chunk, embed, one transaction per document, indexed by the node's indexer), runs every judged
 * query in each mode through the same search path (k = 100, one passage per document) and prints nDCG@10,
 * Recall@100 and search latency (query embedding included) per mode.
 */
public final class BeirEvaluation {

    private static final Principal EVALUATOR = new Principal("evaluator", "default", Set.of("viewer", "analyst"),
            Map.of());

    /** Figures of one mode. */
    public record ModeScore(SearchMode mode, double ndcg10, double recall100, double p50Millis, double p95Millis,
                            int queries) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !Files.isRegularFile(Path.of(args[0]).resolve("corpus.jsonl"))) {
            System.err.println("usage: eval-rag DIR   (DIR in the BEIR layout: corpus.jsonl, queries*.jsonl, qrels*.tsv)");
            System.exit(2);
        }
        BeirDataset data = BeirDataset.read(Path.of(args[0]));
        List<SearchMode> modes = args.length > 1 ? Arrays.stream(args[1].split(","))
                .map(m -> SearchMode.parse(m).orElseThrow()).toList() : List.of(SearchMode.values());
        Path work = Files.createTempDirectory("lalo-eval-rag");
        LaloConfig config = LaloConfig.load(null, Map.of(), Map.of("storage.persistence", "false",
                "storage.dataDir", work.toString(), "node.instanceName", "lalo-eval-rag", "demo.enabled", "false",
                "discovery.port", "47660", "discovery.addresses", "127.0.0.1:47660..47661",
                "communication.port", "47760", "clientConnector.enabled", "false", "rag.resultCache.entries", "0",
                "storage.dataRegionSize", "2g"));
        LaloNode node = LaloNode.server(config);
        node.start();
        Governance governance = new Governance(node);
        Rag rag = new Rag(node, governance, true);
        try {
            governance.startAsync().join();
            rag.startAsync().join();
            run(rag, data, modes, System.out);
        } finally {
            rag.stopAsync().join();
            governance.stopAsync().join();
            node.stopAsync().join();
        }
        System.exit(0);
    }

    public static List<ModeScore> run(Rag rag, BeirDataset data, List<SearchMode> modes, PrintStream out)
            throws Exception {
        long started = System.nanoTime();
        ingest(rag, data.corpus());
        double seconds = (System.nanoTime() - started) / 1e9;
        long chunks = rag.store().chunkCache().sizeLong();
        out.printf("ingested %d documents (%d chunks) in %.1f s: %.0f chunks/s%n", data.corpus().size(), chunks,
                seconds, chunks / seconds);
        long deadline = System.currentTimeMillis() + 120_000;
        while (rag.indexer().orElseThrow().index().size() < chunks && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        out.printf("indexed %d chunks; index heap ≈ %.1f MB%n", rag.indexer().orElseThrow().index().size(),
                rag.indexer().orElseThrow().index().ramBytesUsed() / 1e6);
        List<ModeScore> scores = new ArrayList<>();
        out.printf("%-8s %9s %11s %9s %9s  (%d queries)%n", "mode", "nDCG@10", "Recall@100", "P50 ms", "P95 ms",
                data.queries().size());
        for (SearchMode mode : modes) {
            ModeScore score = evaluate(rag, data, mode);
            scores.add(score);
            out.printf("%-8s %9.4f %11.4f %9.2f %9.2f%n", mode.name().toLowerCase(), score.ndcg10(),
                    score.recall100(), score.p50Millis(), score.p95Millis());
        }
        return scores;
    }

    private static void ingest(Rag rag, List<BeirDataset.Document> corpus) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        List<Future<?>> pending = new ArrayList<>();
        for (BeirDataset.Document doc : corpus) {
            String text = doc.text().isBlank() ? doc.title() : doc.text();
            pending.add(workers.submit(() -> rag.ingestion().ingest(new IngestRequest(docId(doc.id()), doc.title(),
                    "beir", Set.of(), Set.of(), Set.of(), text.getBytes(StandardCharsets.UTF_8), DocumentFormat.TEXT,
                    EVALUATOR))));
        }
        for (Future<?> future : pending) {
            future.get();
        }
        workers.shutdown();
        workers.awaitTermination(1, TimeUnit.MINUTES);
    }

    /** Corpus ids as document ids: kept when valid, otherwise prefixed and cleaned. */
    static String docId(String id) {
        return IngestRequest.ID.matcher(id).matches() ? id : "beir-" + id.replaceAll("[^A-Za-z0-9._:-]", "_");
    }

    private static ModeScore evaluate(Rag rag, BeirDataset data, SearchMode mode) {
        double ndcg = 0;
        double recall = 0;
        List<Double> latencies = new ArrayList<>();
        Map<String, String> original = new HashMap<>();
        data.corpus().forEach(doc -> original.put(docId(doc.id()), doc.id()));
        for (Map.Entry<String, String> query : data.queries().entrySet()) {
            long start = System.nanoTime();
            List<SearchHit> hits = rag.search().search(EVALUATOR, new SearchRequest(query.getValue(), 100, mode,
                    SearchFilter.NONE, 1)).hits();
            latencies.add((System.nanoTime() - start) / 1e6);
            List<String> ranking = hits.stream().map(hit -> original.getOrDefault(hit.docId(), hit.docId())).toList();
            Map<String, Integer> judged = data.judgements().get(query.getKey());
            ndcg += RankingMetrics.ndcg(ranking, judged, 10);
            recall += RankingMetrics.recall(ranking, judged, 100);
        }
        int n = data.queries().size();
        latencies.sort(Double::compare);
        return new ModeScore(mode, ndcg / n, recall / n, percentile(latencies, 0.50), percentile(latencies, 0.95), n);
    }

    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
