package io.lalo.workflow;

import io.lalo.governance.Principal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run was asked to do, kept in its run record so that any node can carry it on: the thread, the workflow
 * version, who it acts for, its input (or the value resuming an interrupt), its durability, the stored step its
 * first step became, and its deadline (epoch millis, 0 for none). A run that {@code proceeds} starts from the tasks
 * the thread's last checkpoint scheduled (after a state update or a fork) instead of from the entry.
 */
record RunSpec(String runId, String threadId, String workflow, int version, Principal principal, String requestId,
               Map<String, Object> input, boolean resume, Object resumeValue, boolean proceed, Durability durability,
               int firstStep, long deadline) {

    RunSpec {
        input = input == null ? Map.of() : input;
    }

    RunSpec startingAt(int step) {
        return new RunSpec(runId, threadId, workflow, version, principal, requestId, input, resume, resumeValue,
                proceed, durability, step, deadline);
    }

    Map<String, Object> toMap() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("workflow", workflow);
        fields.put("version", version);
        fields.put("owner", principal.id());
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("id", principal.id());
        who.put("tenant", principal.tenant());
        who.put("roles", List.copyOf(principal.roles()));
        who.put("attributes", principal.attributes());
        fields.put("principal", who);
        fields.put("requestId", requestId);
        fields.put("input", input);
        fields.put("resume", resume);
        fields.put("resumeValue", resumeValue);
        fields.put("proceed", proceed);
        fields.put("durability", durability.label());
        fields.put("firstStep", firstStep);
        fields.put("deadline", deadline);
        return fields;
    }

    @SuppressWarnings("unchecked")
    static RunSpec fromMap(Map<String, Object> run) {
        Map<String, Object> who = (Map<String, Object>) run.get("principal");
        Principal principal = new Principal((String) who.get("id"), (String) who.get("tenant"),
                new HashSet<>((List<String>) who.get("roles")), (Map<String, String>) who.get("attributes"));
        return new RunSpec((String) run.get("runId"), (String) run.get("threadId"), (String) run.get("workflow"),
                ((Number) run.get("version")).intValue(), principal, (String) run.get("requestId"),
                (Map<String, Object>) run.get("input"), Boolean.TRUE.equals(run.get("resume")),
                run.get("resumeValue"), Boolean.TRUE.equals(run.get("proceed")), Durability.parse((String) run.get("durability")),
                ((Number) run.get("firstStep")).intValue(), ((Number) run.get("deadline")).longValue());
    }
}
