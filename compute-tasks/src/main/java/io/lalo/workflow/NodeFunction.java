package io.lalo.workflow;

import java.util.Map;

/**
 * What a node does: reads the state as of the start of its step and returns the updates it writes (channel →
 * value), which the channels' reducers fold in at the end of the step. Custom Java nodes implement this and are
 * registered under a type name in {@link NodeTypes}.
 */
@FunctionalInterface
public interface NodeFunction {

    Map<String, Object> run(NodeSpec node, Map<String, Object> state, RunContext context) throws Exception;
}
