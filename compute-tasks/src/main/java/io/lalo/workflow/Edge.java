package io.lalo.workflow;

import java.util.List;

/**
 * Where control goes after nodes finish. A direct edge schedules its targets for the next step (several targets:
 * parallel branches); a conditional edge picks the first branch whose CEL condition over {@code state} holds, or
 * its default; a join schedules its target once every source has finished since it last fired. {@link #END} ends
 * the run. A send edge fans out: one task of its target per item of a list computed from the state, all in the
 * next step (LangGraph's {@code Send}).
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

    /**
     * After {@code from}, run one task of {@code to} per item of the list that the CEL expression {@code each}
     * yields; each task sees its item as {@code state.<as>}.
     */
    record Send(String from, String each, String to, String as) implements Edge {
    }

    /** Once all of {@code from} have finished, run {@code to}. */
    record Join(List<String> from, String to) implements Edge {
        public Join {
            from = List.copyOf(from);
        }
    }
}
