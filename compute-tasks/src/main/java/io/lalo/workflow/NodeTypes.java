package io.lalo.workflow;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node types a workflow may use: the built-in ones, and custom Java types registered by name. The built-in
 * types that call other LALO services ({@code rag.search}, {@code rag.answer}, {@code nl2sql}, {@code sql},
 * {@code governance.check}, {@code llm.chat}, {@code subgraph}) are known to the compiler so definitions using them are accepted;
 * they run once the component that provides them registers their function.
 */
public final class NodeTypes {

    /** Types with built-in meaning. */
    public static final Set<String> BUILT_IN = Set.of("transform", "approval", "rag.search", "rag.answer", "nl2sql",
            "sql", "governance.check", "llm.chat", "subgraph", "mcp.call");

    private final Map<String, NodeFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, Reducer> reducers = new ConcurrentHashMap<>();

    /** Registers (or replaces) the function behind a node type. */
    public NodeTypes register(String type, NodeFunction function) {
        functions.put(type, function);
        return this;
    }

    /** Registers a custom reducer by name, for channels that declare it. */
    public NodeTypes reducer(String name, Reducer reducer) {
        if (Reducer.named(name) != null) {
            throw new IllegalArgumentException("'" + name + "' is a built-in reducer");
        }
        reducers.put(name, reducer);
        return this;
    }

    public boolean known(String type) {
        return BUILT_IN.contains(type) || functions.containsKey(type);
    }

    /** The function for a type, or null when none is registered (yet). */
    public NodeFunction function(String type) {
        return functions.get(type);
    }

    /** Closes the functions that hold resources (connections, threads), when their engine stops. */
    public void closeAll() {
        functions.values().forEach(function -> {
            if (function instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // stopping anyway
                }
            }
        });
    }

    /** A built-in or registered reducer by name, or null. */
    public Reducer reducerNamed(String name) {
        Reducer builtIn = Reducer.named(name);
        return builtIn != null ? builtIn : reducers.get(name);
    }
}
