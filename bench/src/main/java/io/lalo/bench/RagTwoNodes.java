package io.lalo.bench;

import io.lalo.config.LaloConfig;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.grid.LaloNode;
import io.lalo.rag.Rag;
import io.lalo.rag.eval.BeirDataset;
import io.lalo.rag.index.SearchFilter;
import io.lalo.rag.ingest.DocumentFormat;
import io.lalo.rag.ingest.IngestRequest;
import io.lalo.rag.search.SearchMode;
import io.lalo.rag.search.SearchRequest;
import io.lalo.rag.store.DocumentStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cost of spreading the index over nodes: the same documents searched on a one-node grid and on a two-node
 * grid (both nodes in this JVM, sharing its cores), one query at a time, per mode. The difference is the extra
 * compute round trip, the second node's work and the merge.
 *
 * <pre>scripts/bench-rag-nodes ../shared/data/scifact [DOCUMENTS=2000] [QUERIES=300]</pre>
 */
public final class RagTwoNodes {

    private static final Principal USER = new Principal("bench", "default", Set.of("viewer", "analyst"), Map.of());

    public static void main(String[] args) throws Exception {
        BeirDataset data = BeirDataset.read(Path.of(args[0]));
        int documents = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        List<BeirDataset.Document> corpus = data.corpus().subList(0, Math.min(documents, data.corpus().size()));
        List<String> texts = data.queries().values().stream().limit(queries).toList();
        for (int size : new int[] {1, 2}) {
            List<LaloNode> nodes = new ArrayList<>();
            List<Governance> governance = new ArrayList<>();
            List<Rag> rags = new ArrayList<>();
            Path dir = Files.createTempDirectory("lalo-bench-nodes");
            for (int i = 0; i < size; i++) {
                Map<String, String> settings = new HashMap<>(Map.of("node.instanceName", "bench-" + size + "-" + i,
                        "node.portOffset", Integer.toString(i), "discovery.port", Integer.toString(49600 + size * 10),
                        "discovery.addresses", "127.0.0.1:" + (49600 + size * 10) + ".." + (49601 + size * 10),
                        "communication.port", Integer.toString(49200 + size * 10), "clientConnector.enabled", "false",
                        "storage.persistence", "false", "storage.dataDir", dir.resolve("n" + i).toString(),
                        "demo.enabled", "false", "rag.resultCache.entries", "0"));
                LaloNode node = LaloNode.server(LaloConfig.load(null, Map.of(), settings));
                node.start();
                Governance g = new Governance(node);
                g.startAsync().join();
                Rag rag = new Rag(node, g, i == 0);
                rag.startAsync().join();
                nodes.add(node);
                governance.add(g);
                rags.add(rag);
            }
            Rag front = rags.get(0);
            for (BeirDataset.Document doc : corpus) {
                front.ingestion().ingest(new IngestRequest("d" + doc.id().replaceAll("[^A-Za-z0-9]", ""), doc.title(),
                        "beir", Set.of(), Set.of(), Set.of(), (doc.text().isBlank() ? doc.title() : doc.text())
                        .getBytes(StandardCharsets.UTF_8), DocumentFormat.TEXT, USER));
            }
            long chunks = front.store().chunkCache().sizeLong();
            while (rags.stream().mapToInt(r -> r.indexer().orElseThrow().index().size()).sum() < chunks) {
                Thread.sleep(100);
            }
            for (SearchMode mode : SearchMode.values()) {
                for (String warm : texts.subList(0, Math.min(50, texts.size()))) {
                    front.search().search(USER, new SearchRequest(warm, 10, mode, SearchFilter.NONE, 0));
                }
                List<Double> millis = new ArrayList<>();
                for (String query : texts) {
                    long start = System.nanoTime();
                    front.search().search(USER, new SearchRequest(query, 10, mode, SearchFilter.NONE, 0));
                    millis.add((System.nanoTime() - start) / 1e6);
                }
                millis.sort(Double::compare);
                System.out.printf("%d node(s), %d chunks, %-6s P50 %.2f ms, P95 %.2f ms%n", size, chunks,
                        mode.name().toLowerCase(), millis.get(millis.size() / 2),
                        millis.get((int) Math.ceil(0.95 * millis.size()) - 1));
            }
            for (int i = size - 1; i >= 0; i--) {
                rags.get(i).stopAsync().join();
                governance.get(i).stopAsync().join();
                nodes.get(i).stopAsync().join();
            }
        }
        System.exit(0);
    }
}
