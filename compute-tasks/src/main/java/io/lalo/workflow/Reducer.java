package io.lalo.workflow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a channel combines its current value with an update, as LangGraph's reducers do: the last value wins,
 * lists append, maps merge, numbers add. Custom reducers implement this interface and are registered on the
 * builder. A reducer must be deterministic: the engine applies the updates of one step in node-name order so a
 * replay gives the same state.
 */
@FunctionalInterface
public interface Reducer {

    /**
     * The channel's next value.
     *
     * @throws IllegalArgumentException when the update does not fit the channel (e.g. a string into a sum)
     */
    Object reduce(Object current, Object update);

    /** The update replaces the value. */
    Reducer LAST = (current, update) -> update;

    /** Lists append: a list update adds its items, any other value is added as one item. */
    Reducer APPEND = (current, update) -> {
        List<Object> next = new ArrayList<>();
        if (current instanceof Collection<?> items) {
            next.addAll(items);
        } else if (current != null) {
            throw new IllegalArgumentException("an append channel holds a list, not " + current);
        }
        if (update instanceof Collection<?> items) {
            next.addAll(items);
        } else {
            next.add(update);
        }
        return next;
    };

    /** Maps merge key by key; the update's keys win. */
    Reducer MERGE = (current, update) -> {
        if (!(update instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a merge channel takes a map, not " + update);
        }
        Map<Object, Object> next = new LinkedHashMap<>();
        if (current instanceof Map<?, ?> existing) {
            next.putAll(existing);
        }
        next.putAll(map);
        return next;
    };

    /** Numbers add; integers stay integers. */
    Reducer SUM = (current, update) -> {
        if (!(update instanceof Number added)) {
            throw new IllegalArgumentException("a sum channel takes a number, not " + update);
        }
        Number base = current instanceof Number number ? number : 0L;
        boolean whole = isWhole(base) && isWhole(added);
        return whole ? (Object) (base.longValue() + added.longValue()) : (Object) (base.doubleValue()
                + added.doubleValue());
    };

    private static boolean isWhole(Number number) {
        return number instanceof Long || number instanceof Integer || number instanceof Short
                || number instanceof Byte;
    }

    /** The built-in reducer with this name (last, append, merge, sum), if any. */
    static Reducer named(String name) {
        return switch (name) {
            case "last" -> LAST;
            case "append" -> APPEND;
            case "merge" -> MERGE;
            case "sum" -> SUM;
            default -> null;
        };
    }
}
