package io.lalo.workflow;

import io.lalo.governance.Principal;

/**
 * Who a run acts for and where: nodes that call LALO's services (search, SQL, governance) act as this principal,
 * so a workflow never sees more than its caller may.
 */
public record RunContext(Principal principal, String threadId, String requestId) {

    /** A context for runs outside a request (tests, tools). */
    public static RunContext system(String threadId) {
        return new RunContext(Principal.of("system", "admin"), threadId, "");
    }
}
