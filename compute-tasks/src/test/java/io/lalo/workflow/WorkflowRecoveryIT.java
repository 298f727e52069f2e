package io.lalo.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lalo.governance.Principal;
import io.lalo.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node dies in the middle of a run: three in-memory server nodes with one backup, each running the workflow
 * engine; the run's node is stopped while one of two parallel tasks is still working. Another node takes the run's
 * lease over and finishes the run from its last checkpoint; the task whose writes were committed does not run
 * again.
 */
class WorkflowRecoveryIT {

    @TempDir
    static Path dir;

    static TestCluster cluster;
    static final WorkflowEngine[] ENGINES = new WorkflowEngine[3];
    static final AtomicInteger FAST_CALLS = new AtomicInteger();
    static final AtomicInteger SLOW_CALLS = new AtomicInteger();
    static final CountDownLatch SLOW_STARTED = new CountDownLatch(1);
    static final CountDownLatch NEVER = new CountDownLatch(1);

    static final Map<String, Object> DEFINITION = Map.of(
            "id", "recoverable",
            "entry", "start",
            "state", Map.of("fast", Map.of("reducer", "last"), "slow", Map.of("reducer", "last"),
                    "done", Map.of("reducer", "last")),
            "nodes", Map.of(
                    "start", Map.of("type", "transform", "set", Map.of("done", "false")),
                    "fast", Map.of("type", "test.fast"),
                    "slow", Map.of("type", "test.slow"),
                    "merge", Map.of("type", "transform", "set", Map.of("done", "state.fast + ' + ' + state.slow"))),
            "edges", java.util.List.of(
                    Map.of("from", "start", "to", java.util.List.of("fast", "slow")),
                    Map.of("join", java.util.List.of("fast", "slow"), "to", "merge"),
                    Map.of("from", "merge", "to", "__end__")));

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(dir, 3, Map.of("storage.persistence", "false", "cluster.backups", "1",
                "workflow.leaseTimeout", "3s"));
        for (int i = 0; i < 3; i++) {
            String name = cluster.node(i).name();
            boolean first = i == 0;
            ENGINES[i] = new WorkflowEngine(cluster.node(i));
            ENGINES[i].types().register("test.fast", (node, state, context) -> {
                FAST_CALLS.incrementAndGet();
                return Map.of("fast", "fast on " + name);
            }).register("test.slow", (node, state, context) -> {
                SLOW_CALLS.incrementAndGet();
                if (first) {
                    SLOW_STARTED.countDown();
                    NEVER.await();
                }
                return Map.of("slow", "slow on " + name);
            });
            ENGINES[i].startAsync().get();
        }
        ENGINES[0].workflows().save(DEFINITION, "test");
    }

    @AfterAll
    static void stop() throws Exception {
        NEVER.countDown();
        for (int i = 2; i >= 0; i--) {
            ENGINES[i].stopAsync().get();
        }
        cluster.close();
    }

    @Test
    void runOnANodeThatDies_isFinishedByAnother_withoutRunningCommittedTasksAgain() throws Exception {
        WorkflowEngine first = ENGINES[0];
        Principal owner = Principal.of("ann", "analyst");
        String threadId = (String) first.createThread(owner, Map.of()).get("threadId");
        WorkflowStore.Version version = first.workflows().get("recoverable").orElseThrow();
        Map<String, Object> run = first.submit(threadId, version, Map.of(), null,
                new RunContext(owner, threadId, "req-1"));
        String runId = (String) run.get("runId");
        assertThat(SLOW_STARTED.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(FAST_CALLS).hasValue(1));
        CheckpointStore store = new CheckpointStore(cluster.node(1).ignite(), 1, java.time.Clock.systemUTC());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(store.taskWrites(threadId, 1,
                java.util.List.of(Task.of("fast"), Task.of("slow")))).as("the fast task's pending write")
                .containsOnlyKeys("fast"));

        long stoppedAt = System.nanoTime();
        cluster.node(0).stopAsync().get();

        WorkflowEngine survivor = ENGINES[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                "success".equals(survivor.run(threadId, runId).map(r -> r.get("status")).orElse(null)));
        long recoveredMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
        Map<String, Object> finished = survivor.run(threadId, runId).orElseThrow();
        assertThat(finished).containsEntry("recoveries", 1L);
        assertThat(finished.get("node")).as("run by a survivor").isIn(
                cluster.node(1).ignite().cluster().localNode().id().toString(),
                cluster.node(2).ignite().cluster().localNode().id().toString());
        Map<String, Object> thread = survivor.thread(threadId, owner, false).orElseThrow();
        assertThat(thread).containsEntry("status", "idle");
        assertThat(survivor.state(thread).get("done").toString())
                .startsWith("fast on " + cluster.node(0).name() + " + slow on ")
                .doesNotEndWith(cluster.node(0).name());
        assertThat(FAST_CALLS).as("the committed task did not run again").hasValue(1);
        assertThat(SLOW_CALLS).as("the unfinished task ran again elsewhere").hasValue(2);
        assertThat(recoveredMillis).as("recovered within 30 s").isLessThan(30_000);
        System.out.println("run recovered " + recoveredMillis + " ms after its node stopped");
    }
}
