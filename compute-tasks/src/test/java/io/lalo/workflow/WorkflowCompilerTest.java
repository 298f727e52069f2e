package io.lalo.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowCompilerTest {

    private static List<String> problems(String yaml) {
        try {
            Workflows.compile(yaml);
        } catch (WorkflowDefinitionException e) {
            return e.problems().stream().map(WorkflowDefinitionException.Problem::toString).toList();
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void aValidGraph_compiles() {
        CompiledWorkflow workflow = Workflows.compile("""
                id: ok
                entry: a
                state: {x: {reducer: last}}
                nodes:
                  a: {type: transform, set: {x: "1"}}
                  b: {type: approval, prompt: "Go on?"}
                edges:
                  - {from: a, when: [{if: "state.x == 1", to: b}], else: __end__}
                  - {from: b, to: __end__}
                """);
        assertThat(workflow.nodes()).containsKeys("a", "b");
    }

    @Test
    void unknownNodeType_isNamed() {
        assertThat(problems("""
                id: w
                entry: a
                nodes: {a: {type: teleport}}
                edges: [{from: a, to: __end__}]
                """)).containsExactly("nodes.a.type: unknown node type 'teleport'");
    }

    @Test
    void danglingEdges_areNamed() {
        assertThat(problems("""
                id: w
                entry: a
                nodes: {a: {type: approval}}
                edges:
                  - {from: a, to: ghost}
                  - {from: phantom, to: __end__}
                """)).containsExactlyInAnyOrder(
                "edges[0].to: edge to 'ghost', which is not a node (or __end__)",
                "edges[1].from: edge from 'phantom', which is not a node");
    }

    @Test
    void unreachableNode_isNamed() {
        assertThat(problems("""
                id: w
                entry: a
                nodes: {a: {type: approval}, island: {type: approval}}
                edges: [{from: a, to: __end__}, {from: island, to: __end__}]
                """)).containsExactly("nodes.island: is unreachable from the entry 'a'");
    }

    @Test
    void cycleWithoutExit_isNamed() {
        assertThat(problems("""
                id: w
                entry: a
                nodes: {a: {type: approval}, b: {type: approval}}
                edges: [{from: a, to: b}, {from: b, to: a}]
                """)).containsExactlyInAnyOrder(
                "nodes.a: can never reach __end__ (a cycle without exit)",
                "nodes.b: can never reach __end__ (a cycle without exit)");
    }

    @Test
    void nodeWithoutWayOut_isNamed() {
        assertThat(problems("""
                id: w
                entry: a
                nodes: {a: {type: approval}, b: {type: approval}}
                edges: [{from: a, to: [b, __end__]}]
                """)).contains("nodes.b: has no outgoing edge (route it on, or to __end__)");
    }

    @Test
    void celThatDoesNotCompile_isNamedWithItsPosition() {
        List<String> found = problems("""
                id: w
                entry: a
                state: {x: {reducer: last}}
                nodes: {a: {type: transform, set: {x: "state.x +* 2"}}}
                edges: [{from: a, when: [{if: "state.x", to: __end__}, {if: "state.x >", to: a}]}]
                """);
        assertThat(found).anySatisfy(p -> assertThat(p).startsWith("nodes.a.set.x: CEL error at 1:"));
        assertThat(found).anySatisfy(p -> assertThat(p).startsWith("edges[0].when[1].if: CEL error at 1:"));
    }

    @Test
    void conditionMustBeBoolean() {
        assertThat(problems("""
                id: w
                entry: a
                state: {x: {reducer: last}}
                nodes: {a: {type: approval}}
                edges: [{from: a, when: [{if: "'yes'", to: __end__}]}]
                """)).singleElement().asString().startsWith("edges[0].when[0].if: CEL error");
    }

    @Test
    void transformToUnknownChannel_andUnknownReducer_areNamed() {
        assertThatThrownBy(() -> Workflows.compile("""
                id: w
                entry: a
                state: {x: {reducer: median}}
                nodes: {a: {type: transform, set: {y: "1"}}}
                edges: [{from: a, to: __end__}]
                """)).isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("state.x.reducer: unknown reducer 'median'");
        assertThat(problems("""
                id: w
                entry: a
                state: {x: {reducer: last}}
                nodes: {a: {type: transform, set: {y: "1"}}}
                edges: [{from: a, to: __end__}]
                """)).containsExactly("nodes.a.set.y: no state channel 'y'");
    }

    @Test
    void serviceNodes_haveTheirCelAndOutputsChecked() {
        assertThat(problems("""
                id: w
                entry: a
                state: {question: {reducer: last}}
                nodes:
                  a: {type: rag.answer, question: "state.question +"}
                  b: {type: sql, params: ["state.x ==="]}
                  c: {type: nl2sql, output: table}
                edges: [{from: a, to: b}, {from: b, to: c}, {from: c, to: __end__}]
                """)).anySatisfy(p -> assertThat(p).startsWith("nodes.a.question: CEL error"))
                .contains("nodes.a.output: no state channel 'answer' to write to",
                        "nodes.b.sql: a sql node needs its statement",
                        "nodes.c.output: no state channel 'table' to write to")
                .anySatisfy(p -> assertThat(p).startsWith("nodes.b.params[0]: CEL error"));
    }

    @Test
    void shapeErrors_nameTheField() {
        assertThat(problems("""
                entry: a
                nodes: {a: {type: approval}}
                edges: {from: a}
                """)).containsExactlyInAnyOrder("id: is required", "edges: must be a list");
        assertThat(problems("""
                id: Bad Id
                entry: nowhere
                recursionLimit: 0
                nodes: {a: {type: approval}}
                edges: [{from: a, to: __end__}, {join: [a], to: __end__}]
                """)).contains("id: must be 1-64 lower-case letters, digits, '.', '_' or '-'",
                "recursionLimit: must lie in [1, 10000]", "entry: 'nowhere' is not a node",
                "edges[1].join: a join waits for at least two nodes");
    }

    @Test
    void badRunPolicies_andSendEdges_areNamed() {
        assertThat(problems("""
                id: w
                entry: a
                state: {x: {reducer: last}}
                nodes:
                  a: {type: transform, set: {x: "1"}, cache: {ttlSeconds: 5}}
                  b: {type: approval, retry: {attempts: 0}, timeoutMs: -1}
                  c: {type: approval, onError: record}
                  d: {type: approval, onError: ignore, retry: {jitter: 2}}
                edges:
                  - {from: a, send: {each: "state.x +", to: b}}
                  - {from: a, send: {each: "state.x", to: c, as: "no spaces"}}
                  - {from: b, to: d}
                  - {from: c, to: d}
                  - {from: d, to: __end__}
                """)).containsExactlyInAnyOrder(
                "nodes.a.cache: a transform node is not cached",
                "nodes.b.retry.attempts: must be a whole number in [1, 20]",
                "nodes.b.timeoutMs: must be a whole number in [1, 86400000]",
                "nodes.c.onError: recording a failure needs an 'output' channel",
                "nodes.d.onError: must be 'raise' or 'record'",
                "nodes.d.retry.jitter: must be a number in [0, 1]",
                "edges[0].send.each: CEL error at 1:10: mismatched input '<EOF>' expecting {'[', '{', "
                        + "'(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, "
                        + "IDENTIFIER}",
                "edges[1].send.as: must be a name (letters, digits, '_' or '-')");
    }

    @Test
    void readmeWorkflowExample_compiles() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("lalo.root", ".."))
                .resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Workflows"));
        String yaml = section.substring(section.indexOf("```yaml") + 7, section.indexOf("```", section.indexOf("```yaml")
                + 7));
        CompiledWorkflow workflow = Workflows.compile(yaml);
        assertThat(workflow.nodes()).containsKeys("plan", "search", "sum");
        assertThat(workflow.policy("search").attempts()).isEqualTo(3);
        assertThat(workflow.policy("search").cacheTtl()).hasSeconds(300);
    }
}
