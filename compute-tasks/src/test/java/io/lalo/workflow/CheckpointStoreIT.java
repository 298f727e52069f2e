package io.lalo.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.testing.TestCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints on a real persistent node: every step readable back exactly, and storage linear in the steps. */
class CheckpointStoreIT {

    @TempDir
    static Path dir;

    static TestCluster cluster;
    static CheckpointStore store;
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    static final ExecutorService WORKERS = Executors.newFixedThreadPool(2);

    static final String LOOP = """
            id: growing
            entry: step
            recursionLimit: %d
            state:
              log: {reducer: append, default: []}
              n: {reducer: sum, default: 0}
              last: {reducer: last}
            nodes:
              step: {type: transform, set: {log: "'entry number ' + string(state.n)", n: "1", last: "state.n"}}
            edges: [{from: step, when: [{if: "state.n >= %d", to: __end__}], else: step}]
            """;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(dir, 1, Map.of());
        store = new CheckpointStore(cluster.node(0).ignite(), 0, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        WORKERS.shutdownNow();
        cluster.close();
    }

    private static List<StepRecord> run(String threadId, int steps) {
        CompiledWorkflow workflow = Workflows.compile(LOOP.formatted(steps + 1, steps));
        List<StepRecord> records = new ArrayList<>();
        CheckpointWriter writer = new CheckpointWriter(store, threadId, workflow, 0,
                Map.of("log", List.of(), "n", 0L));
        RunResult result = new GraphRunner(new NodeTypes(), WORKERS).run(workflow, Map.of(), step -> {
            writer.stepFinished(step);
            records.add(step);
        });
        assertThat(result.status()).as(result.message()).isEqualTo(RunResult.Status.SUCCESS);
        return records;
    }

    @Test
    void everyStep_readsBackAsTheRunSawIt() {
        List<StepRecord> records = run("thread-exact", 120);
        for (int step : new int[] {0, 1, 49, 50, 51, 99, 100, 119}) {
            assertThat(store.state("thread-exact", step)).as("step %d", step)
                    .hasValue(new LinkedHashMap<>(records.get(step).state()));
        }
        assertThat(store.state("thread-exact", 500)).isEmpty();
        assertThat(store.thread("thread-exact")).hasValueSatisfying(thread -> {
            assertThat(thread).containsEntry("lastStep", 119L).containsEntry("status", "idle")
                    .containsEntry("workflow", "growing");
        });
    }

    @Test
    void storage_growsLinearly_notQuadratically() throws Exception {
        Map<Integer, Long> bytes = new LinkedHashMap<>();
        Map<Integer, Long> wholeState = new LinkedHashMap<>();
        for (int steps : new int[] {10, 100, 1000}) {
            List<StepRecord> records = run("thread-" + steps, steps);
            bytes.put(steps, store.storedBytes("thread-" + steps));
            long whole = 0;
            for (StepRecord record : records) {
                whole += JSON.writeValueAsString(record.state()).length();
            }
            wholeState.put(steps, whole);
        }
        System.out.println("checkpoint bytes after 10 / 100 / 1000 steps: " + bytes
                + "; the whole state at every step would be " + wholeState);
        // A saver that stores the whole state at each step grows ~100x from 100 to 1000 steps with an append
        // channel; deltas grow ~10x (snapshots repeat only the small channels).
        double ratio = (double) bytes.get(1000) / bytes.get(100);
        assertThat(ratio).isLessThan(12);
        assertThat(store.state("thread-1000", 999).orElseThrow().get("log")).asList().hasSize(1000);
    }
}
