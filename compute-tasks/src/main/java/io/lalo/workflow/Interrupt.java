package io.lalo.workflow;

/**
 * Thrown by a node that needs a human (the {@code approval} type): the run stops as interrupted at this node, with
 * what it asks; resuming the run with a value runs the node again with that value.
 */
public final class Interrupt extends Exception {

    private final String node;

    public Interrupt(String node, String prompt) {
        super(prompt, null, false, false);
        this.node = node;
    }

    public String node() {
        return node;
    }

    public String prompt() {
        return getMessage();
    }
}
