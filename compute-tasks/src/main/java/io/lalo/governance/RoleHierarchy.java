package io.lalo.governance;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Role inheritance from {@code parent>child} edges: a principal granted {@code admin} also holds everything
 * {@code operator} and (through it) {@code viewer} hold. The closure is computed once, so a check is a set lookup.
 */
public final class RoleHierarchy {

    private final Map<String, Set<String>> implied;
    private final Set<String> known;

    private RoleHierarchy(Map<String, Set<String>> implied) {
        this.implied = implied;
        Set<String> all = new java.util.TreeSet<>(implied.keySet());
        implied.values().forEach(all::addAll);
        this.known = java.util.Collections.unmodifiableSet(all);
    }

    /** Every role named in the hierarchy, sorted. */
    public Set<String> knownRoles() {
        return known;
    }

    public boolean known(String role) {
        return known.contains(role);
    }

    /** Builds the hierarchy; a cycle is rejected since it would make two roles the same role. */
    public static RoleHierarchy of(List<String> edges) {
        Map<String, Set<String>> children = new HashMap<>();
        for (String edge : edges) {
            String[] parts = edge.split(">", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("role edge must be parent>child: " + edge);
            }
            children.computeIfAbsent(parts[0].trim(), k -> new LinkedHashSet<>()).add(parts[1].trim());
        }
        Map<String, Set<String>> closure = new HashMap<>();
        for (String role : children.keySet()) {
            Set<String> reached = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>(children.get(role));
            while (!todo.isEmpty()) {
                String next = todo.pop();
                if (next.equals(role)) {
                    throw new IllegalArgumentException("role hierarchy has a cycle through " + role);
                }
                if (reached.add(next)) {
                    todo.addAll(children.getOrDefault(next, Set.of()));
                }
            }
            closure.put(role, Set.copyOf(reached));
        }
        return new RoleHierarchy(Map.copyOf(closure));
    }

    /** The granted roles plus every role they imply. */
    public Set<String> effectiveRoles(Collection<String> granted) {
        Set<String> effective = new LinkedHashSet<>(granted);
        for (String role : granted) {
            effective.addAll(implied.getOrDefault(role, Set.of()));
        }
        return Set.copyOf(effective);
    }

    public boolean has(Principal principal, String role) {
        if (principal.roles().contains(role)) {
            return true;
        }
        for (String granted : principal.roles()) {
            if (implied.getOrDefault(granted, Set.of()).contains(role)) {
                return true;
            }
        }
        return false;
    }
}
