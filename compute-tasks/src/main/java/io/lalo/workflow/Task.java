package io.lalo.workflow;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One unit of work in a super-step: a node, run once — or, for a node reached through a {@code send} edge, once
 * per item sent to it, each task seeing the item as {@code state.<as>}. Task ids ({@code node} or
 * {@code node#index}) name each task's pending writes and resume values; updates fold in {@link #ORDER}, so the
 * result does not depend on which task finished first.
 *
 * @param index the item's position in the list sent, or -1 for a plain task
 * @param as the name the item is seen under (null for a plain task)
 */
public record Task(String node, int index, String as, Object item) {

    public static final Comparator<Task> ORDER = Comparator.comparing(Task::node).thenComparingInt(Task::index);

    public static Task of(String node) {
        return new Task(node, -1, null, null);
    }

    public String id() {
        return index < 0 ? node : node + "#" + index;
    }

    /** Whether this task is one item of a fan-out. */
    public boolean sent() {
        return index >= 0;
    }

    /** The state the task sees: the step's state, plus the item for a sent task. */
    public Map<String, Object> view(Map<String, Object> state) {
        if (!sent()) {
            return state;
        }
        Map<String, Object> view = new LinkedHashMap<>(state);
        if (item != null) {
            view.put(as, item);
        }
        return view;
    }

    /** Plain-data form, as checkpoints store scheduled tasks. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("node", node);
        if (sent()) {
            map.put("index", index);
            map.put("as", as);
            map.put("item", item);
        }
        return map;
    }

    public static Task fromMap(Map<String, Object> map) {
        Object index = map.get("index");
        return index == null ? of((String) map.get("node"))
                : new Task((String) map.get("node"), ((Number) index).intValue(), (String) map.get("as"),
                        map.get("item"));
    }
}
