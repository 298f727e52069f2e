package io.lalo.workflow;

import java.util.List;

/**
 * Where control goes after nodes finish. A direct edge schedules its targets for the next step (several targets:
 * parallel branches); a conditional edge picks the first branch whose CEL condition over {@code state} holds, or
 * its default; a join schedules its target once every source has finished since it last fired. {@link #END} ends
 * the run.
 */
public sealed interface Edge {

    String END = "__end__";

    /** After {@code from}, run every node of {@code to} (in parallel when there are several). */
    record Direct(String from, List<String> to) implements Edge {
        public Direct {
            to = List.copyOf(to);
        }
    }

    /** After {@code from}, go to the first branch whose condition holds, else to {@code otherwise}. */
    record Conditional(String from, List<Branch> branches, String otherwise) implements Edge {
        public Conditional {
            branches = List.copyOf(branches);
        }
    }

    /** One guarded target of a conditional edge. */
    record Branch(String condition, String to) {
    }

    /** Once all of {@code from} have finished, run {@code to}. */
    record Join(List<String> from, String to) implements Edge {
        public Join {
            from = List.copyOf(from);
        }
    }
}
