package io.lalo.rag.demo;

import io.lalo.governance.Principal;
import io.lalo.grid.ClusterMeta;
import io.lalo.rag.ingest.DocumentFormat;
import io.lalo.rag.ingest.IngestRequest;
import io.lalo.rag.ingest.Ingestion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's handbook (returns, shipping, loyalty, data retention, incidents: {@code config/demo/documents}),
 * ingested once per demo cluster so search and answers work out of the box. Readable by everyone in the default
 * tenant; tagged {@code demo}.
 */
public final class DemoDocuments {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDocuments.class);
    private static final String CLAIM = "rag.demo.documents";
    private static final String FOLDER = "/io/lalo/rag/demo/";
    private static final Principal SYSTEM = new Principal("system", "default", Set.of("admin"), Map.of());

    private DemoDocuments() {
    }

    /** Ingests the demo documents unless this cluster already did; returns how many were ingested. */
    public static int ensure(Ignite ignite, Ingestion ingestion) {
        if (!ClusterMeta.cache(ignite).putIfAbsent(CLAIM, "true")) {
            return 0;
        }
        int count = 0;
        for (String name : read("INDEX").split("\n")) {
            if (name.isBlank()) {
                continue;
            }
            String file = name.strip();
            ingestion.ingest(new IngestRequest("demo-" + file.replace(".md", ""), null, "config/demo/documents/"
                    + file, Set.of("demo"), Set.of(), Set.of(), read(file).getBytes(StandardCharsets.UTF_8),
                    DocumentFormat.MARKDOWN, SYSTEM));
            count++;
        }
        LOG.info("Demo documents ingested: {}", count);
        return count;
    }

    private static String read(String name) {
        try (InputStream in = DemoDocuments.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException(FOLDER + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
