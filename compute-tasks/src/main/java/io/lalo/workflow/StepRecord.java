package io.lalo.workflow;

import java.util.List;
import java.util.Map;

/**
 * What one super-step did: the nodes that ran, each node's updates, and the state after the step's updates were
 * reduced in. The material for checkpoints and for streaming in the {@code updates} and {@code values} modes.
 */
public record StepRecord(int step, List<String> nodes, Map<String, Map<String, Object>> updates,
                         Map<String, Object> state, List<String> next) {
}
