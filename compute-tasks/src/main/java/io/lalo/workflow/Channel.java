package io.lalo.workflow;

/**
 * One key of a workflow's state, with the reducer that folds updates into it and its value before any update.
 *
 * @param reducerName the name it was declared with (a built-in or a registered custom reducer)
 */
public record Channel(String name, String reducerName, Reducer reducer, Object initial) {
}
