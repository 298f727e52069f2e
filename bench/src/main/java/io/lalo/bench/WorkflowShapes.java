package io.lalo.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lalo.config.LaloConfig;
import io.lalo.governance.Principal;
import io.lalo.grid.LaloNode;
import io.lalo.workflow.Durability;
import io.lalo.workflow.RunContext;
import io.lalo.workflow.RunOptions;
import io.lalo.workflow.RunResult;
import io.lalo.workflow.WorkflowEngine;
import io.lalo.workflow.WorkflowStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph shapes of {@code bench/langgraph-js/shapes.mjs}, run by LALO's engine the way a user runs them (a
 * thread per run, a run record and lease, every step checkpointed in the grid), printing the same figures:
 * a 3-node linear graph, a 1,000-step loop appending to a list, and a fan-out of 100 tasks reduced into a sum —
 * on one persistent node, then the fan-out on three in-memory nodes of one JVM.
 *
 * <p>Usage: {@code WorkflowShapes [RUNS=2000] [DURABILITY=sync]}
 */
public final class WorkflowShapes {

    private static final Principal USER = Principal.of("bench", "analyst");

    static final String LINEAR = """
            id: linear
            entry: a
            state: {log: {reducer: append, default: []}, n: {reducer: sum, default: 0}}
            nodes:
              a: {type: transform, set: {log: "'a'", n: "1"}}
              b: {type: transform, set: {log: "'b'", n: "1"}}
              c: {type: transform, set: {log: "'c'", n: "1"}}
            edges: [{from: a, to: b}, {from: b, to: c}, {from: c, to: __end__}]
            """;
    static final String LOOP = """
            id: loop
            entry: step
            recursionLimit: 1100
            state: {log: {reducer: append, default: []}, n: {reducer: sum, default: 0}}
            nodes:
              step: {type: transform, set: {log: "'entry ' + string(state.n)", n: "1"}}
            edges: [{from: step, when: [{if: "state.n >= 1000", to: __end__}], else: step}]
            """;
    static final String FANOUT = """
            id: fanout
            entry: plan
            state: {items: {reducer: last}, total: {reducer: sum, default: 0}, done: {reducer: last}}
            nodes:
              plan: {type: transform, set: {items: "[%s]"}}
              work: {type: transform, set: {total: "state.item * state.item"}}
              reduce: {type: transform, set: {done: "true"}}
            edges:
              - {from: plan, send: {each: "state.items", to: work, as: item}}
              - {from: work, to: reduce}
              - {from: reduce, to: __end__}
            """.formatted(String.join(", ", java.util.stream.IntStream.range(0, 100).mapToObj(Integer::toString)
            .toList()));

    private WorkflowShapes() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Durability durability = args.length > 1 ? Durability.parse(args[1]) : Durability.SYNC;
        System.out.printf("LALO workflow shapes (durability %s)%n", durability.label());
        List<Started> one = start(1, true);
        try {
            WorkflowEngine engine = one.get(0).engine();
            save(engine, LINEAR, LOOP, FANOUT);
            measure(engine, "linear-3", runs, 3, durability);
            measure(engine, "loop-1000", 5, 1000, durability);
            measure(engine, "fanout-100 (1 node)", Math.max(20, runs / 40), 102, durability);
        } finally {
            stop(one);
        }
        List<Started> three = start(3, false);
        try {
            WorkflowEngine engine = three.get(0).engine();
            save(engine, FANOUT);
            measure(engine, "fanout-100 (3 nodes)", Math.max(20, runs / 40), 102, durability);
        } finally {
            stop(three);
        }
    }

    private record Started(LaloNode node, WorkflowEngine engine) {
    }

    private static List<Started> start(int size, boolean persistent) throws Exception {
        Path dir = Files.createTempDirectory("lalo-bench-shapes");
        List<Started> started = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Map<String, String> settings = new HashMap<>(Map.of("node.instanceName", "shapes-" + size + "-" + i,
                    "node.portOffset", Integer.toString(i), "discovery.port", Integer.toString(49700 + size * 10),
                    "discovery.addresses", "127.0.0.1:" + (49700 + size * 10) + ".." + (49702 + size * 10),
                    "communication.port", Integer.toString(49300 + size * 10), "clientConnector.enabled", "false",
                    "storage.persistence", Boolean.toString(persistent), "storage.dataDir",
                    dir.resolve("n" + i).toString(), "demo.enabled", "false"));
            settings.put("clientConnector.authentication", "false");
            LaloNode node = LaloNode.server(LaloConfig.load(null, Map.of(), settings));
            node.start();
            WorkflowEngine engine = new WorkflowEngine(node);
            engine.startAsync().get();
            started.add(new Started(node, engine));
        }
        return started;
    }

    private static void stop(List<Started> started) throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).engine().stopAsync().get();
            started.get(i).node().stopAsync().get();
        }
    }

    @SuppressWarnings("unchecked")
    private static void save(WorkflowEngine engine, String... yaml) throws Exception {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        for (String definition : yaml) {
            engine.workflows().save(mapper.readValue(definition, Map.class), "bench");
        }
    }

    /** Runs a shape {@code runs} times (a third of them first, unmeasured, to warm up) and prints the figures. */
    private static void measure(WorkflowEngine engine, String shape, int runs, int stepsPerRun,
                                Durability durability) {
        String id = shape.substring(0, shape.indexOf('-') < 0 ? shape.length() : shape.indexOf('-'));
        WorkflowStore.Version version = engine.workflows().get(id.equals("linear") ? "linear" : id).orElseThrow();
        RunOptions options = new RunOptions(durability, RunOptions.Multitask.REJECT, null, false, s -> { }, e -> { });
        for (int i = 0; i < Math.max(1, runs / 3); i++) {
            once(engine, version, options);
        }
        long[] nanos = new long[runs];
        long started = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            once(engine, version, options);
            nanos[i] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(nanos);
        double p50 = nanos[runs / 2] / 1e6;
        double p95 = nanos[(int) Math.min(runs - 1, Math.ceil(runs * 0.95) - 1)] / 1e6;
        System.out.printf("  %-22s runs %5d  run P50 %8.3f ms  P95 %8.3f ms  per task %7.1f us  tasks/s %8.0f%n",
                shape, runs, p50, p95, p50 * 1000 / stepsPerRun, runs * (double) stepsPerRun / seconds);
    }

    private static void once(WorkflowEngine engine, WorkflowStore.Version version, RunOptions options) {
        String thread = (String) engine.createThread(USER, Map.of()).get("threadId");
        RunResult result = engine.run(thread, version, Map.of(), new RunContext(USER, thread, "bench"), options);
        if (result.status() != RunResult.Status.SUCCESS) {
            throw new IllegalStateException(version.id() + ": " + result.message());
        }
    }
}
