package io.lalo.bench;

import io.lalo.grid.LaloNode;
import io.lalo.workflow.Channel;
import io.lalo.workflow.CheckpointStore;
import io.lalo.workflow.CheckpointWriter;
import io.lalo.workflow.CompiledWorkflow;
import io.lalo.workflow.GraphRunner;
import io.lalo.workflow.NodeTypes;
import io.lalo.workflow.Reducer;
import io.lalo.workflow.RunResult;
import io.lalo.workflow.Task;
import io.lalo.workflow.WorkflowCodec;
import io.lalo.workflow.WorkflowCompiler;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The workflow engine on a real persistent grid node (LOG_ONLY WAL): one checkpoint write (a step's changes and
 * the thread record in one transaction), and a 3-node linear workflow end to end with every step checkpointed.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = "@config/jvm.options")
@State(Scope.Benchmark)
public class WorkflowBenchmark {

    private static final String LINEAR = """
            {"id": "linear", "entry": "a",
             "state": {"log": {"reducer": "append", "default": []}, "n": {"reducer": "sum", "default": 0}},
             "nodes": {"a": {"type": "transform", "set": {"log": "'a'", "n": "1"}},
                       "b": {"type": "transform", "set": {"log": "'b'", "n": "1"}},
                       "c": {"type": "transform", "set": {"log": "'c'", "n": "1"}}},
             "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}, {"from": "c", "to": "__end__"}]}
            """;

    private LaloNode node;
    private CheckpointStore store;
    private CompiledWorkflow linear;
    private GraphRunner runner;
    private ExecutorService workers;
    private final AtomicLong counter = new AtomicLong();
    private final Map<String, Channel> channels = Map.of("n", new Channel("n", "sum", Reducer.SUM, 0L),
            "log", new Channel("log", "append", Reducer.APPEND, List.of()));

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void start() throws Exception {
        node = BenchGrid.start("1g", true, Map.of("clientConnector.authentication", "false"));
        store = new CheckpointStore(node.ignite(), 0, Clock.systemUTC());
        NodeTypes types = new NodeTypes();
        Map<String, Object> definition = new com.fasterxml.jackson.databind.ObjectMapper().readValue(LINEAR, Map.class);
        linear = new WorkflowCompiler(types).compile(WorkflowCodec.fromMap(definition, types));
        workers = Executors.newFixedThreadPool(4);
        runner = new GraphRunner(types, workers);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        workers.shutdownNow();
        node.stopAsync().get();
    }

    /** One step's checkpoint: a counter and one appended item, written with the thread record. */
    @Benchmark
    public void checkpointWrite() {
        long n = counter.incrementAndGet();
        String thread = "bench-" + (n % 1_000);
        int step = (int) (n / 1_000) + 1;
        store.save(thread, "bench", step, Map.of("n", n - 1, "log", List.of()), Map.of("n", n, "log",
                List.of("item " + n)), List.of(Task.of("next")), Map.of(), channels, "busy", List.of("a"));
    }

    /** A 3-node linear workflow on a new thread, each of its 3 steps checkpointed before the next. */
    @Benchmark
    public RunResult linearWorkflowEndToEnd() {
        String thread = "run-" + counter.incrementAndGet();
        return runner.start(linear, Map.of(), Map.of(), io.lalo.workflow.RunContext.system(thread),
                new CheckpointWriter(store, thread, linear, 0, Map.of()));
    }
}
