// The graph shapes of io.lalo.bench.WorkflowShapes in LangGraph.js, checkpointed by its in-memory saver
// (MemorySaver), one thread per run: a 3-node linear graph, a 1,000-step loop appending to a list, and a
// fan-out of 100 Send tasks reduced into a sum. Prints the same figures as the Java side.
// Usage: node shapes.mjs [RUNS=2000]
import { Annotation, END, MemorySaver, START, Send, StateGraph } from "@langchain/langgraph";

const runs = Number(process.argv[2] ?? 2000);
const append = { reducer: (a, b) => a.concat(b), default: () => [] };
const sum = { reducer: (a, b) => a + b, default: () => 0 };

const Linear = Annotation.Root({ log: Annotation(append), n: Annotation(sum) });
const linear = new StateGraph(Linear)
  .addNode("a", () => ({ log: ["a"], n: 1 }))
  .addNode("b", () => ({ log: ["b"], n: 1 }))
  .addNode("c", () => ({ log: ["c"], n: 1 }))
  .addEdge(START, "a").addEdge("a", "b").addEdge("b", "c").addEdge("c", END)
  .compile({ checkpointer: new MemorySaver() });

const loop = new StateGraph(Linear)
  .addNode("step", (s) => ({ log: [`entry ${s.n}`], n: 1 }))
  .addEdge(START, "step")
  .addConditionalEdges("step", (s) => (s.n >= 1000 ? END : "step"))
  .compile({ checkpointer: new MemorySaver() });

const Fan = Annotation.Root({
  items: Annotation({ reducer: (_, b) => b, default: () => [] }),
  total: Annotation(sum),
  done: Annotation({ reducer: (_, b) => b, default: () => false }),
});
const fanout = new StateGraph(Fan)
  .addNode("plan", () => ({ items: Array.from({ length: 100 }, (_, i) => i) }))
  .addNode("work", (task) => ({ total: task.item * task.item }))
  .addNode("reduce", () => ({ done: true }))
  .addEdge(START, "plan")
  .addConditionalEdges("plan", (s) => s.items.map((item) => new Send("work", { item })))
  .addEdge("work", "reduce")
  .addEdge("reduce", END)
  .compile({ checkpointer: new MemorySaver() });

let thread = 0;
async function measure(shape, graph, count, tasksPerRun, limit) {
  const once = () => graph.invoke({}, { configurable: { thread_id: `t${thread++}` }, recursionLimit: limit });
  for (let i = 0; i < Math.max(1, Math.floor(count / 3)); i++) await once();
  const nanos = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const t = process.hrtime.bigint();
    await once();
    nanos.push(Number(process.hrtime.bigint() - t));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  nanos.sort((a, b) => a - b);
  const p50 = nanos[Math.floor(count / 2)] / 1e6;
  const p95 = nanos[Math.min(count - 1, Math.ceil(count * 0.95) - 1)] / 1e6;
  console.log(`  ${shape.padEnd(22)} runs ${String(count).padStart(5)}  run P50 ${p50.toFixed(3).padStart(8)} ms`
    + `  P95 ${p95.toFixed(3).padStart(8)} ms  per task ${(p50 * 1000 / tasksPerRun).toFixed(1).padStart(7)} us`
    + `  tasks/s ${Math.round(count * tasksPerRun / seconds).toString().padStart(8)}`);
}

console.log(`LangGraph.js ${process.env.LANGGRAPH_VERSION ?? ""} with MemorySaver (node ${process.version})`);
await measure("linear-3", linear, runs, 3, 25);
await measure("loop-1000", loop, 5, 1000, 1100);
await measure("fanout-100", fanout, Math.max(20, Math.floor(runs / 40)), 102, 25);
