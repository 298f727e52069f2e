package io.lalo.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class GraphRunnerTest {

    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(4);

    @AfterAll
    static void stop() {
        WORKERS.shutdownNow();
    }

    private static RunResult run(CompiledWorkflow workflow, Map<String, Object> input, NodeTypes types) {
        return new GraphRunner(types, WORKERS).run(workflow, input, step -> { });
    }

    @Test
    void reducers_foldUpdates_lastAppendMergeSum() {
        CompiledWorkflow workflow = Workflows.compile("""
                id: reducers
                entry: a
                state:
                  word: {reducer: last}
                  log: {reducer: append, default: []}
                  tally: {reducer: sum, default: 0}
                  seen: {reducer: merge, default: {}}
                nodes:
                  a: {type: transform, set: {word: "'one'", log: "'a'", tally: "2", seen: "{'a': true}"}}
                  b: {type: transform, set: {word: "state.word + '-two'", log: "['b1', 'b2']", tally: "3.5",
                                             seen: "{'b': state.tally}"}}
                edges: [{from: a, to: b}, {from: b, to: __end__}]
                """);
        RunResult result = run(workflow, Map.of("tally", 1), new NodeTypes());
        assertThat(result.status()).isEqualTo(RunResult.Status.SUCCESS);
        assertThat(result.state()).containsEntry("word", "one-two").containsEntry("log", List.of("a", "b1", "b2"))
                .containsEntry("tally", 6.5).containsEntry("seen", Map.of("a", true, "b", 3L));
        assertThat(result.steps()).hasSize(2);
    }

    @Test
    void conditionalEdges_routeOnTheUpdatedState() {
        CompiledWorkflow workflow = Workflows.compile("""
                id: route
                entry: classify
                state: {question: {reducer: last}, route: {reducer: last}, answer: {reducer: last}}
                nodes:
                  classify: {type: transform, set: {route: "state.question.contains('order') ? 'sql' : 'docs'"}}
                  sql: {type: transform, set: {answer: "'from tables'"}}
                  docs: {type: transform, set: {answer: "'from documents'"}}
                edges:
                  - {from: classify, when: [{if: "state.route == 'sql'", to: sql}], else: docs}
                  - {from: sql, to: __end__}
                  - {from: docs, to: __end__}
                """);
        assertThat(run(workflow, Map.of("question", "how many orders?"), new NodeTypes()).state())
                .containsEntry("answer", "from tables");
        assertThat(run(workflow, Map.of("question", "refund policy?"), new NodeTypes()).state())
                .containsEntry("answer", "from documents");
    }

    @Test
    void parallelBranches_runTogether_andTheJoinWaitsForBoth() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        NodeTypes types = new NodeTypes().register("meet", (node, state, context) -> {
            both.countDown();
            if (!both.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the branches did not run at the same time");
            }
            return Map.of("parts", node.name());
        });
        CompiledWorkflow workflow = Workflows.compile("""
                id: fan
                entry: start
                state: {parts: {reducer: append, default: []}, done: {reducer: last}}
                nodes:
                  start: {type: transform, set: {parts: "'start'"}}
                  left: {type: meet}
                  right: {type: meet}
                  merge: {type: transform, set: {done: "size(state.parts)"}}
                edges:
                  - {from: start, to: [left, right]}
                  - {join: [left, right], to: merge}
                  - {from: merge, to: __end__}
                """, types);
        RunResult result = run(workflow, Map.of(), types);
        assertThat(result.status()).as(result.message()).isEqualTo(RunResult.Status.SUCCESS);
        assertThat(result.state().get("parts")).isEqualTo(List.of("start", "left", "right"));
        assertThat(result.state()).containsEntry("done", 3L);
        assertThat(result.steps()).extracting(StepRecord::nodes)
                .containsExactly(List.of("start"), List.of("left", "right"), List.of("merge"));
    }

    @Test
    void loops_stopAtTheirCondition_orAtTheRecursionLimit() {
        String yaml = """
                id: loop
                entry: inc
                recursionLimit: %d
                state: {n: {reducer: sum, default: 0}}
                nodes: {inc: {type: transform, set: {n: "1"}}}
                edges: [{from: inc, when: [{if: "state.n >= 5", to: __end__}], else: inc}]
                """;
        RunResult finished = run(Workflows.compile(yaml.formatted(25)), Map.of(), new NodeTypes());
        assertThat(finished.status()).isEqualTo(RunResult.Status.SUCCESS);
        assertThat(finished.state()).containsEntry("n", 5L);
        RunResult limited = run(Workflows.compile(yaml.formatted(3)), Map.of(), new NodeTypes());
        assertThat(limited.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(limited.message()).contains("Recursion limit of 3");
        assertThat(limited.state()).containsEntry("n", 3L);
    }

    @Test
    void approval_interrupts_andResumesWithTheAnswer() {
        CompiledWorkflow workflow = Workflows.compile("""
                id: approve
                entry: draft
                state: {text: {reducer: last}, verdict: {reducer: last}}
                nodes:
                  draft: {type: transform, set: {text: "'refund 40 USD'"}}
                  check: {type: approval, prompt: "Send this refund?", output: verdict}
                  send: {type: transform, set: {text: "state.text + (state.verdict ? ' sent' : ' held')"}}
                edges: [{from: draft, to: check}, {from: check, to: send}, {from: send, to: __end__}]
                """);
        GraphRunner runner = new GraphRunner(new NodeTypes(), WORKERS);
        RunResult paused = runner.run(workflow, Map.of(), step -> { });
        assertThat(paused.status()).isEqualTo(RunResult.Status.INTERRUPTED);
        assertThat(paused.interruptedNode()).isEqualTo("check");
        assertThat(paused.message()).isEqualTo("Send this refund?");
        assertThat(paused.pending()).containsExactly("check");
        RunResult resumed = runner.resume(workflow, paused.position(), paused.completed(), Map.of("check", true),
                RunContext.system("t"), StepJournal.of(step -> { }));
        assertThat(resumed.status()).isEqualTo(RunResult.Status.SUCCESS);
        assertThat(resumed.state()).containsEntry("text", "refund 40 USD sent").containsEntry("verdict", true);
    }

    @Test
    void failures_endTheRunAsErrors_withTheNodeNamed() {
        NodeTypes types = new NodeTypes().register("flaky", (node, state, context) -> {
            throw new IllegalStateException("upstream said no");
        });
        CompiledWorkflow failing = Workflows.compile("""
                id: fail
                entry: a
                nodes: {a: {type: flaky}}
                edges: [{from: a, to: __end__}]
                """, types);
        RunResult failed = run(failing, Map.of(), types);
        assertThat(failed.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(failed.message()).isEqualTo("Node 'a' failed: upstream said no");

        CompiledWorkflow badWrite = Workflows.compile("""
                id: badsum
                entry: a
                state: {n: {reducer: sum, default: 0}}
                nodes: {a: {type: transform, set: {n: "'ten'"}}}
                edges: [{from: a, to: __end__}]
                """);
        RunResult wrong = run(badWrite, Map.of(), new NodeTypes());
        assertThat(wrong.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(wrong.message()).contains("'a' wrote to 'n'").contains("takes a number");
        assertThat(run(badWrite, Map.of("nope", 1), new NodeTypes()).message())
                .contains("unknown state channel 'nope'");
    }

    @Test
    void stepsAreStreamed_asTheyFinish() {
        CompiledWorkflow workflow = Workflows.compile("""
                id: stream
                entry: a
                state: {n: {reducer: sum, default: 0}}
                nodes: {a: {type: transform, set: {n: "1"}}, b: {type: transform, set: {n: "10"}}}
                edges: [{from: a, to: b}, {from: b, to: __end__}]
                """);
        List<StepRecord> streamed = new ArrayList<>();
        new GraphRunner(new NodeTypes(), WORKERS).run(workflow, Map.of(), streamed::add);
        assertThat(streamed).extracting(step -> step.state().get("n")).containsExactly(1L, 11L);
        assertThat(streamed.get(0).updates()).containsEntry("a", Map.of("n", 1L));
        assertThat(streamed.get(0).nextNodes()).containsExactly("b");
    }

    @Test
    void interruptInAParallelBranch_resumeRunsOnlyTheInterruptedTask() {
        AtomicInteger fetches = new AtomicInteger();
        NodeTypes types = new NodeTypes().register("fetch", (node, state, context) -> {
            fetches.incrementAndGet();
            return Map.of("data", "fetched");
        });
        CompiledWorkflow workflow = Workflows.compile("""
                id: branches
                entry: start
                state: {data: {reducer: last}, verdict: {reducer: last}, done: {reducer: last}}
                nodes:
                  start: {type: transform, set: {done: "false"}}
                  fetch: {type: fetch}
                  check: {type: approval, prompt: "Go on?", output: verdict}
                  merge: {type: transform, set: {done: "state.data + '/' + string(state.verdict)"}}
                edges:
                  - {from: start, to: [fetch, check]}
                  - {join: [fetch, check], to: merge}
                  - {from: merge, to: __end__}
                """, types);
        GraphRunner runner = new GraphRunner(types, WORKERS);
        RunResult paused = runner.run(workflow, Map.of(), step -> { });
        assertThat(paused.status()).isEqualTo(RunResult.Status.INTERRUPTED);
        assertThat(paused.interruptedNode()).isEqualTo("check");
        assertThat(paused.pending()).containsExactly("check", "fetch");
        assertThat(paused.completed()).containsOnlyKeys("fetch");

        RunResult resumed = runner.resume(workflow, paused.position(), paused.completed(), Map.of("check", true),
                RunContext.system("t"), StepJournal.of(step -> { }));
        assertThat(resumed.status()).as(resumed.message()).isEqualTo(RunResult.Status.SUCCESS);
        assertThat(resumed.state()).containsEntry("done", "fetched/true");
        assertThat(fetches).as("the finished branch is not run again").hasValue(1);
    }

    @Test
    void sendEdge_runsOneTaskPerItem_andFoldsTheirWritesInItemOrder() {
        NodeTypes types = new NodeTypes().register("square", (node, state, context) -> {
            long n = ((Number) state.get("item")).longValue();
            Thread.sleep(20 * (5 - n));
            return Map.of("squares", List.of(n * n), "total", n * n);
        });
        CompiledWorkflow workflow = Workflows.compile("""
                id: fan
                entry: plan
                state:
                  items: {reducer: last}
                  squares: {reducer: append, default: []}
                  total: {reducer: sum, default: 0}
                  report: {reducer: last}
                nodes:
                  plan: {type: transform, set: {items: "[1, 2, 3, 4]"}}
                  square: {type: square}
                  report: {type: transform, set: {report: "'sum=' + string(state.total)"}}
                edges:
                  - {from: plan, send: {each: "state.items", to: square, as: item}}
                  - {from: square, to: report}
                  - {from: report, to: __end__}
                """, types);
        List<StepRecord> steps = new ArrayList<>();
        List<String> journaled = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunResult result = new GraphRunner(types, WORKERS).start(workflow, Map.of(), Map.of(), RunContext.system("t"),
                new StepJournal() {
                    @Override
                    public void taskFinished(int step, Task task, Map<String, Object> writes) {
                        journaled.add(task.id());
                    }

                    @Override
                    public void stepFinished(StepRecord step) {
                        steps.add(step);
                    }
                });
        assertThat(result.status()).as(result.message()).isEqualTo(RunResult.Status.SUCCESS);
        assertThat(steps.get(1).nodes()).containsExactly("square#0", "square#1", "square#2", "square#3");
        assertThat(result.state()).containsEntry("squares", List.of(1L, 4L, 9L, 16L)).containsEntry("total", 30L)
                .containsEntry("report", "sum=30");
        assertThat(steps).hasSize(3);
        assertThat(journaled).as("each task of the parallel step is journaled as it finishes")
                .containsExactlyInAnyOrder("square#0", "square#1", "square#2", "square#3");
    }

    @Test
    void sendEdge_overSomethingElseThanAList_failsTheRunClearly() {
        CompiledWorkflow workflow = Workflows.compile("""
                id: fanbad
                entry: plan
                state: {items: {reducer: last}}
                nodes:
                  plan: {type: transform, set: {items: "'not a list'"}}
                  work: {type: transform, set: {items: "state.item"}}
                edges:
                  - {from: plan, send: {each: "state.items", to: work}}
                  - {from: work, to: __end__}
                """);
        RunResult result = run(workflow, Map.of(), new NodeTypes());
        assertThat(result.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(result.message()).contains("send edge from 'plan' must yield a list");
    }

    @Test
    void retryPolicy_triesAgain_untilAnAttemptSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        NodeTypes types = new NodeTypes().register("flaky", (node, state, context) -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("try again");
            }
            return Map.of("out", "ok after " + calls.get());
        });
        String yaml = """
                id: retry
                entry: a
                state: {out: {reducer: last}}
                nodes: {a: {type: flaky, output: out, retry: {attempts: %d, backoffMs: 1, jitter: 0}%s}}
                edges: [{from: a, to: __end__}]
                """;
        RunResult ok = run(Workflows.compile(yaml.formatted(3, ""), types), Map.of(), types);
        assertThat(ok.state()).containsEntry("out", "ok after 3");

        calls.set(0);
        RunResult failed = run(Workflows.compile(yaml.formatted(2, ""), types), Map.of(), types);
        assertThat(failed.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(failed.message()).isEqualTo("Node 'a' failed: try again");
        assertThat(calls).hasValue(2);

        calls.set(0);
        RunResult recorded = run(Workflows.compile(yaml.formatted(2, ", onError: record"), types), Map.of(), types);
        assertThat(recorded.status()).isEqualTo(RunResult.Status.SUCCESS);
        assertThat(recorded.state()).containsEntry("out", Map.of("error", "try again"));
    }

    @Test
    void timeout_stopsASlowAttempt_andCountsAsAFailure() {
        AtomicInteger interrupted = new AtomicInteger();
        NodeTypes types = new NodeTypes().register("slow", (node, state, context) -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
            return Map.of();
        });
        CompiledWorkflow workflow = Workflows.compile("""
                id: slow
                entry: a
                state: {out: {reducer: last}}
                nodes: {a: {type: slow, output: out, timeoutMs: 100, retry: {attempts: 2, backoffMs: 1}}}
                edges: [{from: a, to: __end__}]
                """, types);
        long started = System.nanoTime();
        RunResult result = run(workflow, Map.of(), types);
        assertThat(result.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(result.message()).isEqualTo("Node 'a' failed: timed out after 100 ms");
        assertThat(System.nanoTime() - started).as("both attempts cut short").isLessThan(20_000_000_000L);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(interrupted).as("each timed-out attempt's thread is interrupted").hasValue(2));
    }

    @Test
    void joins_keepTheirProgressInTheStepRecords() {
        CompiledWorkflow workflow = Workflows.compile("""
                id: joinlong
                entry: start
                state: {n: {reducer: sum, default: 0}}
                nodes:
                  start: {type: transform, set: {n: "1"}}
                  quick: {type: transform, set: {n: "1"}}
                  slow1: {type: transform, set: {n: "1"}}
                  slow2: {type: transform, set: {n: "1"}}
                  merge: {type: transform, set: {n: "100"}}
                edges:
                  - {from: start, to: [quick, slow1]}
                  - {from: slow1, to: slow2}
                  - {join: [quick, slow2], to: merge}
                  - {from: merge, to: __end__}
                """);
        List<StepRecord> steps = new ArrayList<>();
        RunResult result = new GraphRunner(new NodeTypes(), WORKERS).run(workflow, Map.of(), steps::add);
        assertThat(result.state()).containsEntry("n", 104L);
        assertThat(steps.get(1).waiting()).containsEntry("quick+slow2>merge", List.of("quick"));
        assertThat(steps.get(2).nextNodes()).containsExactly("merge");
        assertThat(steps.get(2).waiting()).isEmpty();
    }
}
