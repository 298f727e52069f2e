package io.lalo.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class WorkflowBuilderTest {

    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stop() {
        WORKERS.shutdownNow();
    }

    @Test
    void javaNodesAndCustomReducers_runLikeYamlOnes() {
        Reducer max = (current, update) -> Math.max(((Number) current).longValue(), ((Number) update).longValue());
        NodeTypes types = new NodeTypes();
        CompiledWorkflow workflow = WorkflowBuilder.workflow("scores")
                .channel("best", max, 0L)
                .channel("seen", Reducer.APPEND, List.of())
                .node("first", (node, state, context) -> Map.of("best", 7L, "seen", "first"))
                .node("second", (node, state, context) -> Map.of("best", 3L, "seen", "second"))
                .node("report", "transform", Map.of("set", Map.of("seen", "'best ' + string(state.best)")))
                .entry("first")
                .edge("first", "second")
                .edge("second", "report")
                .edge("report", Edge.END)
                .build(types);
        RunResult result = new GraphRunner(types, WORKERS).run(workflow, Map.of(), step -> { });
        assertThat(result.status()).as(result.message()).isEqualTo(RunResult.Status.SUCCESS);
        assertThat(result.state()).containsEntry("best", 7L)
                .containsEntry("seen", List.of("first", "second", "best 7"));
    }

    @Test
    void builtGraphs_areCheckedLikeYamlOnes() {
        assertThatThrownBy(() -> WorkflowBuilder.workflow("broken")
                .node("a", "transform", Map.of("set", Map.of("x", "1")))
                .entry("a").edge("a", "nowhere").build(new NodeTypes()))
                .isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("nodes.a.set.x: no state channel 'x'")
                .hasMessageContaining("edge to 'nowhere'");
    }
}
