package io.lalo.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.lalo.governance.Principal;
import io.lalo.testing.TestCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on a real two-node grid (each node running it): fan-out spread over both engines, durability modes,
 * the node result cache in the grid, multitask strategies, run timeouts, state updates, forks and continuing from
 * the next tasks, the state limit, and the {@code llm.chat} node against an HTTP server speaking the
 * chat-completions protocol.
 */
class WorkflowEngineIT {

    @TempDir
    static Path dir;

    static TestCluster cluster;
    static WorkflowEngine one;
    static WorkflowEngine two;
    static HttpServer llm;
    static final List<String> PROMPTS = new CopyOnWriteArrayList<>();
    static final AtomicInteger EXPENSIVE = new AtomicInteger();
    static final AtomicInteger COUNTED = new AtomicInteger();
    static final Principal ANN = Principal.of("ann", "analyst");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @BeforeAll
    static void start() throws Exception {
        llm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        llm.createContext("/v1/chat/completions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            PROMPTS.add(body);
            byte[] answer = ("{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"reply #"
                    + PROMPTS.size() + "\"}}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        llm.start();
        cluster = TestCluster.start(dir, 2, Map.of("storage.persistence", "false", "cluster.backups", "1",
                "workflow.maxStateBytes", "64k",
                "workflow.llm.url", "http://127.0.0.1:" + llm.getAddress().getPort() + "/v1/chat/completions",
                "workflow.llm.model", "stand-in"));
        one = engine(0);
        two = engine(1);
        save("""
                id: loop
                entry: step
                recursionLimit: 1000
                state: {n: {reducer: sum, default: 0}, log: {reducer: append, default: []}, limit: {reducer: last},
                        pauseMs: {reducer: last, default: 0}, padding: {reducer: last}}
                nodes:
                  step: {type: test.pause}
                edges: [{from: step, when: [{if: "state.n >= state.limit", to: __end__}], else: step}]
                """);
        save("""
                id: cached
                entry: price
                state: {sku: {reducer: last}, price: {reducer: last}}
                nodes: {price: {type: test.expensive, cache: {ttlSeconds: 60}}}
                edges: [{from: price, to: __end__}]
                """);
        save("""
                id: review
                entry: draft
                state: {text: {reducer: last}, verdict: {reducer: last}, log: {reducer: append, default: []}}
                nodes:
                  draft: {type: transform, set: {text: "'draft'", log: "'draft'"}}
                  polish: {type: transform, set: {text: "state.text + ' polished'", log: "'polish'"}}
                  check: {type: approval, output: verdict}
                  publish: {type: transform, set: {log: "'published ' + state.text"}}
                edges: [{from: draft, to: polish}, {from: polish, to: check}, {from: check, to: publish},
                        {from: publish, to: __end__}]
                """);
        save("""
                id: chat
                entry: ask
                state: {question: {reducer: last}, reply: {reducer: last}, summary: {reducer: last}}
                nodes:
                  ask: {type: llm.chat, system: "Be brief.", prompt: "'Q: ' + state.question"}
                  sum: {type: llm.chat, model: other-model, output: summary,
                        messages: "[{'role': 'user', 'content': 'Summarise ' + state.reply}]"}
                edges: [{from: ask, to: sum}, {from: sum, to: __end__}]
                """);
    }

    static WorkflowEngine engine(int index) throws Exception {
        String name = cluster.node(index).name();
        WorkflowEngine engine = new WorkflowEngine(cluster.node(index));
        engine.types().register("test.where", (node, state, context) -> {
            if (Long.valueOf(13).equals(state.get("item"))) {
                throw new IllegalStateException("unlucky item on " + name);
            }
            return Map.of("ran", List.of(Map.of("item", state.get("item"), "node", name)));
        })
                .register("test.pause", (node, state, context) -> {
                    Thread.sleep(((Number) state.getOrDefault("pauseMs", 0L)).longValue());
                    context.emit(Map.of("at", ((Number) state.get("n")).longValue()));
                    return Map.of("n", 1, "log", "step " + state.get("n"));
                })
                .register("test.count", (node, state, context) -> {
                    COUNTED.incrementAndGet();
                    return Map.of("data", "counted");
                })
                .register("test.expensive", (node, state, context) -> {
                    EXPENSIVE.incrementAndGet();
                    return Map.of("price", "price of " + state.get("sku"));
                });
        engine.startAsync().get();
        return engine;
    }

    @SuppressWarnings("unchecked")
    static void save(String yaml) throws IOException {
        one.workflows().save(YAML.readValue(yaml, Map.class), "test");
    }

    @AfterAll
    static void stop() throws Exception {
        two.stopAsync().get();
        one.stopAsync().get();
        cluster.close();
        llm.stop(0);
    }

    static String thread() {
        return (String) one.createThread(ANN, Map.of()).get("threadId");
    }

    static WorkflowStore.Version version(String id) {
        return one.workflows().get(id).orElseThrow();
    }

    static RunContext context(String thread) {
        return new RunContext(ANN, thread, "req");
    }

    @Test
    void fanOut_spreadsTheTasksOverTheEnginesOfTheGrid_andFoldsThemInItemOrder() throws Exception {
        save("""
                id: spread
                entry: plan
                state: {items: {reducer: last}, ran: {reducer: append, default: []}}
                nodes:
                  plan: {type: transform, set: {items: "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"}}
                  where: {type: test.where}
                edges:
                  - {from: plan, send: {each: "state.items", to: where, as: item}}
                  - {from: where, to: __end__}
                """);
        String thread = thread();
        RunResult result = one.run(thread, version("spread"), Map.of(), context(thread));
        assertThat(result.status()).as(result.message()).isEqualTo(RunResult.Status.SUCCESS);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ran = (List<Map<String, Object>>) result.state().get("ran");
        assertThat(ran).extracting(r -> ((Number) r.get("item")).intValue())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(ran).extracting(r -> r.get("node")).as("tasks ran on both nodes")
                .contains(cluster.node(0).name(), cluster.node(1).name());

        String unlucky = thread();
        save("""
                id: spread
                entry: plan
                state: {items: {reducer: last}, ran: {reducer: append, default: []}}
                nodes:
                  plan: {type: transform, set: {items: "[11, 12, 13, 14]"}}
                  where: {type: test.where}
                edges:
                  - {from: plan, send: {each: "state.items", to: where, as: item}}
                  - {from: where, to: __end__}
                """);
        RunResult unluckyRun = one.run(unlucky, version("spread"), Map.of(), context(unlucky));
        assertThat(unluckyRun.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(unluckyRun.message()).startsWith("Node 'where#2' failed: unlucky item on ");
    }

    @Test
    void durabilityModes_storeEveryStep_orInTheBackground_orOnlyTheEnd() {
        for (Durability durability : Durability.values()) {
            String thread = thread();
            RunResult result = one.run(thread, version("loop"), Map.of("limit", 20), context(thread),
                    new RunOptions(durability, RunOptions.Multitask.REJECT, null, false, step -> { }, e -> { }));
            assertThat(result.status()).isEqualTo(RunResult.Status.SUCCESS);
            Map<String, Object> stored = one.thread(thread, ANN, false).orElseThrow();
            assertThat(one.state(stored)).as(durability.label()).containsEntry("n", 20L);
            assertThat(((List<?>) one.state(stored).get("log"))).hasSize(20);
            assertThat(one.history(stored)).as(durability.label())
                    .hasSize(durability == Durability.EXIT ? 1 : 20);
        }
    }

    @Test
    void nodeResultCache_reusesAResultForTheSameInput_acrossNodes() {
        EXPENSIVE.set(0);
        String first = thread();
        one.run(first, version("cached"), Map.of("sku", "A-1"), context(first));
        String second = (String) two.createThread(ANN, Map.of()).get("threadId");
        RunResult again = two.run(second, version("cached"), Map.of("sku", "A-1"), context(second));
        assertThat(again.state()).containsEntry("price", "price of A-1");
        assertThat(EXPENSIVE).as("served from the grid cache on the other node").hasValue(1);
        String third = thread();
        one.run(third, version("cached"), Map.of("sku", "B-2"), context(third));
        assertThat(EXPENSIVE).as("another input runs the node").hasValue(2);
    }

    @Test
    void multitask_enqueue_runsAfterTheCurrentRun_interrupt_stopsIt() {
        String thread = thread();
        Map<String, Object> slow = one.submit(thread, version("loop"), Map.of("limit", 40, "pauseMs", 50), null,
                context(thread));
        RunOptions enqueue = new RunOptions(null, RunOptions.Multitask.ENQUEUE, null, false, s -> { }, e -> { });
        Map<String, Object> queued = one.submit(thread, version("loop"), Map.of("limit", 45), null, context(thread),
                enqueue);
        assertThat(queued).containsEntry("status", "pending").containsEntry("queued", true);
        assertThatThrownBy(() -> one.submit(thread, version("loop"), Map.of(), null, context(thread)))
                .as("reject").isInstanceOf(WorkflowEngine.ThreadStateException.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> "success".equals(status(thread, queued)));
        assertThat(status(thread, slow)).isEqualTo("success");
        Map<String, Object> done = one.thread(thread, ANN, false).orElseThrow();
        assertThat(one.state(done)).as("the queued run went on from where the first ended").containsEntry("n", 45L);

        Map<String, Object> running = one.submit(thread, version("loop"), Map.of("limit", 1000, "pauseMs", 20),
                null, context(thread));
        await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(status(thread, running)));
        RunResult newer = one.run(thread, version("loop"), Map.of("limit", 5, "pauseMs", 0), context(thread),
                new RunOptions(null, RunOptions.Multitask.INTERRUPT, null, false, s -> { }, e -> { }));
        assertThat(newer.status()).isEqualTo(RunResult.Status.SUCCESS);
        Map<String, Object> stopped = one.run(thread, (String) running.get("runId")).orElseThrow();
        assertThat(stopped).containsEntry("status", "interrupted").containsEntry("error",
                "interrupted by a newer run");
    }

    static String status(String thread, Map<String, Object> run) {
        return (String) one.run(thread, (String) run.get("runId")).orElseThrow().get("status");
    }

    @Test
    void runTimeout_endsTheRunAsTimeout_atAStepBoundary() {
        String thread = thread();
        Map<String, Object> run = one.submit(thread, version("loop"), Map.of("limit", 1000, "pauseMs", 20), null,
                context(thread), new RunOptions(null, RunOptions.Multitask.REJECT, Duration.ofMillis(300), false,
                        s -> { }, e -> { }));
        await().atMost(Duration.ofSeconds(10)).until(() -> "timeout".equals(status(thread, run)));
        Map<String, Object> record = one.run(thread, (String) run.get("runId")).orElseThrow();
        assertThat(((Number) record.get("steps")).intValue()).isBetween(1, 100);
        assertThat(one.thread(thread, ANN, false).orElseThrow()).containsEntry("status", "idle");
    }

    @Test
    void customEvents_reachTheRunsListener() {
        String thread = thread();
        List<Map<String, Object>> events = new ArrayList<>();
        one.run(thread, version("loop"), Map.of("limit", 3), context(thread), new RunOptions(null,
                RunOptions.Multitask.REJECT, null, false, s -> { }, events::add));
        assertThat(events).extracting(e -> e.get("at")).containsExactly(0L, 1L, 2L);
    }

    @Test
    void updateState_asANode_thenContinue_runsTheEdgesOutOfIt() {
        String thread = thread();
        RunResult paused = one.run(thread, version("review"), Map.of(), context(thread));
        assertThat(paused.status()).isEqualTo(RunResult.Status.INTERRUPTED);

        Map<String, Object> edited = one.updateState(thread, Map.of("text", "edited"), null);
        assertThat(edited).containsEntry("next", List.of("check"));
        assertThat(one.thread(thread, ANN, false).orElseThrow()).as("an edit keeps the interrupt")
                .containsEntry("status", "interrupted");
        RunResult resumed = one.resume(thread, true, context(thread));
        assertThat(resumed.state()).containsEntry("log", List.of("draft", "polish", "published edited"));

        Map<String, Object> asPolish = one.updateState(thread, Map.of("text", "rewritten", "log", "by hand"),
                "polish");
        assertThat(asPolish).containsEntry("next", List.of("check"));
        assertThatThrownBy(() -> one.updateState(thread, Map.of("nope", 1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown state channel 'nope'");
        assertThatThrownBy(() -> one.updateState(thread, Map.of("text", "x"), "ghost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ghost' is not a node");
        RunResult proceeded = one.run(thread, version("review"), Map.of(), context(thread),
                new RunOptions(null, RunOptions.Multitask.REJECT, null, true, s -> { }, e -> { }));
        assertThat(proceeded.status()).as("continues at check, which asks again")
                .isEqualTo(RunResult.Status.INTERRUPTED);
        assertThat(proceeded.interruptedNode()).isEqualTo("check");
    }

    @Test
    void fork_startsANewThreadFromAnEarlierCheckpoint_leavingTheOriginalAlone() {
        String thread = thread();
        one.run(thread, version("review"), Map.of(), context(thread));
        one.resume(thread, true, context(thread));
        Map<String, Object> original = one.thread(thread, ANN, false).orElseThrow();
        List<Map<String, Object>> history = one.history(original);

        Map<String, Object> fork = one.fork(original, 0, ANN);
        assertThat(one.state(fork)).containsEntry("text", "draft").containsEntry("log", List.of("draft"));
        String forkId = (String) fork.get("threadId");
        RunResult replay = one.run(forkId, version("review"), Map.of(), context(forkId),
                new RunOptions(null, RunOptions.Multitask.REJECT, null, true, s -> { }, e -> { }));
        assertThat(replay.interruptedNode()).as("the fork replays from polish").isEqualTo("check");
        assertThat(replay.state()).containsEntry("text", "draft polished");
        assertThat(one.history(one.thread(thread, ANN, false).orElseThrow())).isEqualTo(history);
        assertThatThrownBy(() -> one.fork(original, 99, ANN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 99");
    }

    @Test
    void oversizedState_failsTheRun_andAnUpdateIsRefused() {
        String thread = thread();
        RunResult result = one.run(thread, version("loop"), Map.of("limit", 2, "pauseMs", 0, "padding",
                "x".repeat(70_000)), context(thread));
        assertThat(result.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(result.message()).contains("over the limit of 65536 (workflow.maxStateBytes)");
        String small = thread();
        one.run(small, version("loop"), Map.of("limit", 1), context(small));
        assertThatThrownBy(() -> one.updateState(small, Map.of("log", "y".repeat(70_000)), null))
                .isInstanceOf(StateTooLargeException.class);
        assertThat(one.state(one.thread(small, ANN, false).orElseThrow())).containsEntry("n", 1L);
    }

    @Test
    void llmChat_asksTheConfiguredEndpoint_withThePromptAndModel() {
        PROMPTS.clear();
        String thread = thread();
        RunResult result = one.run(thread, version("chat"), Map.of("question", "What is LALO?"), context(thread));
        assertThat(result.status()).as(result.message()).isEqualTo(RunResult.Status.SUCCESS);
        assertThat(result.state()).containsEntry("reply", "reply #1").containsEntry("summary", "reply #2");
        assertThat(PROMPTS.get(0)).contains("\"model\":\"stand-in\"").contains("Be brief.")
                .contains("Q: What is LALO?");
        assertThat(PROMPTS.get(1)).contains("\"model\":\"other-model\"").contains("Summarise reply #1");
    }

    @Test
    void subgraph_runsAStoredWorkflowInItsOwnNamespace_andMapsItsResultBack() throws Exception {
        save("""
                id: research
                entry: look
                state: {question: {reducer: last}, findings: {reducer: append, default: []}}
                nodes:
                  look: {type: transform, set: {findings: "'looked up ' + state.question"}}
                  check: {type: transform, set: {findings: "'checked'"}}
                edges: [{from: look, to: check}, {from: check, to: __end__}]
                """);
        save("""
                id: withsub
                entry: research
                state: {topic: {reducer: last}, notes: {reducer: last}, findings: {reducer: last}}
                nodes:
                  research: {type: subgraph, workflow: research, input: {question: "'about ' + state.topic"},
                             output: {notes: "state.findings"}}
                edges: [{from: research, to: __end__}]
                """);
        String thread = thread();
        RunResult result = one.run(thread, version("withsub"), Map.of("topic", "refunds"), context(thread));
        assertThat(result.status()).as(result.message()).isEqualTo(RunResult.Status.SUCCESS);
        assertThat(result.state()).containsEntry("notes", List.of("looked up about refunds", "checked"))
                .as("the child's channel of the same name is its own").containsEntry("findings", null);

        assertThatThrownBy(() -> save("""
                id: research
                entry: loop
                state: {question: {reducer: last}}
                nodes: {loop: {type: subgraph, workflow: withsub}}
                edges: [{from: loop, to: __end__}]
                """)).isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("subgraph 'withsub' leads back to 'research'");
        assertThatThrownBy(() -> save("""
                id: orphan
                entry: a
                state: {x: {reducer: last}}
                nodes: {a: {type: subgraph, workflow: nowhere, output: {y: "state.x"}}}
                edges: [{from: a, to: __end__}]
                """)).isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("no state channel 'y'");

        save("""
                id: asks
                entry: ok
                state: {v: {reducer: last}}
                nodes: {ok: {type: approval, output: v}}
                edges: [{from: ok, to: __end__}]
                """);
        save("""
                id: wrapsasks
                entry: inner
                state: {v: {reducer: last}}
                nodes: {inner: {type: subgraph, workflow: asks}}
                edges: [{from: inner, to: __end__}]
                """);
        String other = thread();
        RunResult refused = one.run(other, version("wrapsasks"), Map.of(), context(other));
        assertThat(refused.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(refused.message()).contains("an approval inside a subgraph cannot pause its parent");
    }

    @Test
    void interruptInAParallelBranch_survivesInTheGrid_andResumeRunsOnlyTheInterruptedTask() throws Exception {
        save("""
                id: branchy
                entry: start
                state: {data: {reducer: last}, verdict: {reducer: last}, done: {reducer: last}}
                nodes:
                  start: {type: transform, set: {done: "false"}}
                  fetch: {type: test.count}
                  check: {type: approval, prompt: "Go on?", output: verdict}
                  merge: {type: transform, set: {done: "state.data + '/' + string(state.verdict)"}}
                edges:
                  - {from: start, to: [fetch, check]}
                  - {join: [fetch, check], to: merge}
                  - {from: merge, to: __end__}
                """);
        COUNTED.set(0);
        String thread = thread();
        RunResult paused = one.run(thread, version("branchy"), Map.of(), context(thread));
        assertThat(paused.status()).isEqualTo(RunResult.Status.INTERRUPTED);
        Map<String, Object> stored = two.thread(thread, ANN, false).orElseThrow();
        assertThat(stored).containsEntry("status", "interrupted").containsEntry("interruptedNode", "check");
        assertThat(two.next(stored)).containsExactly("check", "fetch");

        RunResult resumed = two.resume(thread, true, context(thread));
        assertThat(resumed.status()).as(resumed.message()).isEqualTo(RunResult.Status.SUCCESS);
        assertThat(resumed.state()).containsEntry("done", "counted/true");
        assertThat(COUNTED).as("the finished branch did not run again").hasValue(1);
    }
}
