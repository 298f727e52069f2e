package io.lalo.workflow;

import java.util.Map;

/**
 * A node of a workflow graph: its name, its type ({@code transform}, {@code approval}, {@code rag.search}, a
 * custom type registered from Java…) and the type's settings.
 */
public record NodeSpec(String name, String type, Map<String, Object> config) {

    public NodeSpec {
        config = config == null ? Map.of() : Map.copyOf(config);
    }
}
