package io.lalo.workflow;

import dev.cel.runtime.CelRuntime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What service nodes ({@code rag.search}, {@code nl2sql}, …) share: their inputs are CEL expressions over the
 * state (compiled once per expression) and their result goes to the channel named by {@code output} — where, with
 * {@code onError: record}, {@link NodeExecutor} writes a failure as {@code {error: message}} instead of ending the
 * run, so one branch of a question answered from tables and documents can fail without losing the other.
 */
public final class NodeInputs {

    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    private NodeInputs() {
    }

    /** Evaluates the node's setting {@code name} (a CEL expression, or {@code fallback} when absent). */
    public static Object value(NodeSpec node, String name, String fallback, Map<String, Object> state) {
        Object source = node.config().getOrDefault(name, fallback);
        if (!(source instanceof String expression)) {
            throw new IllegalArgumentException("setting '" + name + "' of node '" + node.name()
                    + "' must be a CEL expression");
        }
        return evaluate(node, name, expression, state);
    }

    /** Evaluates one CEL expression of a node's settings (compiled once). */
    public static Object evaluate(NodeSpec node, String name, String expression, Map<String, Object> state) {
        CelRuntime.Program program = PROGRAMS.computeIfAbsent(expression, text -> {
            CelState.Compiled compiled = CelState.expression(text);
            if (compiled.error() != null) {
                throw new IllegalArgumentException("setting '" + name + "' of node '" + node.name() + "': "
                        + compiled.error());
            }
            return compiled.program();
        });
        return CelState.evaluate(program, state);
    }

    /**
     * The CEL settings of the built-in service node types, with their defaults, and their default output
     * channel — what the compiler checks before a definition is saved.
     */
    static final Map<String, Map<String, String>> CEL_SETTINGS = Map.of(
            "rag.search", Map.of("query", "state.question"),
            "rag.answer", Map.of("question", "state.question"),
            "nl2sql", Map.of("question", "state.question"),
            "llm.chat", Map.of("prompt", "state.question"),
            "mcp.call", Map.of("arguments", "{}"));

    static final Map<String, String> DEFAULT_OUTPUT = Map.of("rag.search", "passages", "rag.answer", "answer",
            "nl2sql", "table", "sql", "rows", "llm.chat", "reply", "mcp.call", "result");

    /** A plain setting (not CEL), or the fallback. */
    public static int integer(NodeSpec node, String name, int fallback) {
        Object value = node.config().get(name);
        return value instanceof Number number ? number.intValue() : fallback;
    }

    /** The channel the node writes its result to. */
    public static String output(NodeSpec node, String fallback) {
        return String.valueOf(node.config().getOrDefault("output", fallback));
    }

    /** Runs the node's work and writes its result to {@code output}. */
    public static Map<String, Object> result(String output, Work work) throws Exception {
        return Map.of(output, work.run());
    }

    /** The work of a service node: its result as plain data. */
    @FunctionalInterface
    public interface Work {
        Object run() throws Exception;
    }
}
