package io.lalo.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
        RunResult resumed = runner.resume(workflow, paused.state(), paused.pending(), Map.of("check", true),
                RunContext.system("t"), step -> { });
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
        assertThat(streamed.get(0).next()).containsExactly("b");
    }
}
