package io.lalo.workflow;

import java.util.List;

/** A workflow definition LALO refuses, with every problem found, each naming where it is. */
public final class WorkflowDefinitionException extends RuntimeException {

    private final List<Problem> problems;

    public WorkflowDefinitionException(List<Problem> problems) {
        super(problems.size() == 1 ? problems.get(0).toString()
                : problems.size() + " problems: " + String.join("; ", problems.stream().map(Problem::toString)
                .toList()));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** One problem: where (e.g. {@code nodes.route.config.set.answer}) and what. */
    public record Problem(String where, String message) {
        @Override
        public String toString() {
            return where + ": " + message;
        }
    }
}
