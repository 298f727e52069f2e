package io.lalo.workflow;

import io.lalo.governance.Principal;
import java.util.function.BooleanSupplier;

/**
 * Who a run acts for and where: nodes that call LALO's services (search, SQL, governance) act as this principal,
 * so a workflow never sees more than its caller may. {@code cancelled} is asked before each step: a run whose
 * caller cancelled it stops there, its finished steps checkpointed.
 */
public record RunContext(Principal principal, String threadId, String requestId, BooleanSupplier cancelled) {

    public RunContext(Principal principal, String threadId, String requestId) {
        this(principal, threadId, requestId, () -> false);
    }

    /** A context for runs outside a request (tests, tools). */
    public static RunContext system(String threadId) {
        return new RunContext(Principal.of("system", "admin"), threadId, "");
    }

    /** The same context, asking {@code cancelled} before each step whether the run should stop. */
    public RunContext cancelledWhen(BooleanSupplier cancelled) {
        return new RunContext(principal, threadId, requestId, cancelled);
    }
}
