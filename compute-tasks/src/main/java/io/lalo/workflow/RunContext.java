package io.lalo.workflow;

import io.lalo.governance.Principal;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Who a run acts for and where: nodes that call LALO's services (search, SQL, governance) act as this principal,
 * so a workflow never sees more than its caller may. {@code cancelled} is asked before each step (and between a
 * node's retries): a run whose caller cancelled it stops there, its finished steps checkpointed. A node may
 * {@link #emit} events of its own to the run's stream (the {@code custom} stream mode), e.g. progress or tokens.
 */
public record RunContext(Principal principal, String threadId, String requestId, BooleanSupplier cancelled,
                         Consumer<Map<String, Object>> events) {

    public RunContext(Principal principal, String threadId, String requestId) {
        this(principal, threadId, requestId, () -> false, event -> { });
    }

    /** A context for runs outside a request (tests, tools). */
    public static RunContext system(String threadId) {
        return new RunContext(Principal.of("system", "admin"), threadId, "");
    }

    /** The same context, asking {@code cancelled} before each step whether the run should stop. */
    public RunContext cancelledWhen(BooleanSupplier cancelled) {
        return new RunContext(principal, threadId, requestId, cancelled, events);
    }

    /** The same context, sending what nodes emit to {@code events}. */
    public RunContext withEvents(Consumer<Map<String, Object>> events) {
        return new RunContext(principal, threadId, requestId, cancelled, events);
    }

    /** Sends an event of the node's own to whoever streams the run in the {@code custom} mode. */
    public void emit(Map<String, Object> event) {
        events.accept(event);
    }
}
