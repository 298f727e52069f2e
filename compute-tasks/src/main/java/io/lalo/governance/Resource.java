package io.lalo.governance;

import java.util.Map;

/**
 * What an action is on: a type ({@code table}, {@code document}, {@code route}, {@code tool}, {@code workflow},
 * {@code policy}…), a name, and attributes policies may test (a document's tenant and ACL, a table's schema).
 */
public record Resource(String type, String name, Map<String, String> attributes) {

    public Resource {
        attributes = Map.copyOf(attributes);
    }

    public static Resource of(String type, String name) {
        return new Resource(type, name, Map.of());
    }

    /** The form policies' resource patterns match against. */
    public String qualifiedName() {
        return type + ":" + name;
    }
}
