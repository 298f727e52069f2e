package io.lalo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.config.LaloConfig;
import io.lalo.edge.EdgeServer;
import io.lalo.governance.Governance;
import io.lalo.grid.LaloNode;
import io.lalo.rag.Rag;
import io.lalo.sql.SqlLayer;
import io.lalo.workflow.WorkflowEngine;
import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lalo ingest} against a real edge: folders, idempotent re-runs, changed files, and failures. */
class IngestCommandIT {

    @TempDir
    static Path dir;

    static LaloNode node;
    static Governance governance;
    static Rag rag;
    static SqlLayer sql;
    static WorkflowEngine workflows;
    static EdgeServer edge;

    @BeforeAll
    static void start() throws Exception {
        LaloConfig config = TestConfigs.config(TestPorts.allocate(), dir.resolve("grid"), 0, Map.of());
        node = LaloNode.server(config);
        node.start();
        governance = new Governance(node);
        governance.startAsync().get();
        rag = new Rag(node, governance, true);
        rag.startAsync().get();
        sql = new SqlLayer(node, governance);
        sql.startAsync().get();
        workflows = new WorkflowEngine(node);
        workflows.startAsync().get();
        edge = new EdgeServer(config, node::ignite, governance, sql, rag, workflows);
        edge.startAsync().get();
    }

    @AfterAll
    static void stop() throws Exception {
        edge.stopAsync().get();
        workflows.stopAsync().get();
        sql.stopAsync().get();
        rag.stopAsync().get();
        governance.stopAsync().get();
        node.stopAsync().get();
    }

    private record Run(int status, String out, String err) {
    }

    private static Run ingest(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new IngestCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false).run(args, Map.of());
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] args(String... paths) {
        String[] base = {"--url", "http://127.0.0.1:" + edge.port(), "--key", TestConfigs.ADMIN_KEY, "--tags", "kb"};
        String[] all = new String[base.length + paths.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(paths, 0, all, base.length, paths.length);
        return all;
    }

    @Test
    void folder_isIngested_thenUnchanged_thenUpdated() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs/sub"));
        Files.writeString(docs.getParent().resolve("guide.md"), "# Guide\n\nThe gateway listens on port 8080.");
        Files.writeString(docs.resolve("notes.txt"), "Notes about the nightly batch.");
        Files.writeString(docs.resolve("image.png"), "not a document");
        Run first = ingest(args(docs.getParent().toString()));
        assertThat(first.status()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("2 file(s): created=2, 0 failed").doesNotContain("image.png");
        assertThat(rag.store().get("guide.md")).hasValueSatisfying(doc -> {
            assertThat(doc.meta().title()).isEqualTo("Guide");
            assertThat(doc.meta().tags()).containsExactly("kb");
        });
        assertThat(rag.store().get("sub-notes.txt")).isPresent();

        Run again = ingest(args(docs.getParent().toString()));
        assertThat(again.out()).contains("unchanged=2");

        Files.writeString(docs.resolve("notes.txt"), "Notes about the weekly batch.");
        Run changed = ingest(args(docs.getParent().toString()));
        assertThat(changed.out()).contains("unchanged=1").contains("updated=1");
    }

    @Test
    void failures_areReported_andExitNonZero() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "   ");
        Run run = ingest(args(empty.toString(), dir.resolve("missing.md").toString()));
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED: HTTP 400 EMPTY_DOCUMENT");
        assertThat(run.err()).contains("no such file or folder");

        Path doc = Files.writeString(dir.resolve("ok.txt"), "Fine text.");
        Run wrongKey = new Object() {
            Run go() {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int status = new IngestCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false)
                        .run(new String[] {"--url", "http://127.0.0.1:" + edge.port(), "--key", "lalo_wrong",
                                doc.toString()}, Map.of());
                return new Run(status, out.toString(StandardCharsets.UTF_8), "");
            }
        }.go();
        assertThat(wrongKey.status()).isEqualTo(1);
        assertThat(wrongKey.out()).contains("HTTP 401");
        assertThat(ingest("--url", "ftp://x", doc.toString()).status()).isEqualTo(Lalo.EXIT_USAGE);
    }
}
