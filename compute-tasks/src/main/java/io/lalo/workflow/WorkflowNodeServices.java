package io.lalo.workflow;

import org.apache.ignite.Ignite;

/**
 * What a task sent from another node needs from the engine of the node it arrives at: the stored workflows and
 * the node executor with this node's node types, and the workers that run tasks. Kept in the node's local map (several nodes may share a JVM).
 */
record WorkflowNodeServices(WorkflowStore workflows, NodeExecutor executor, java.util.concurrent.Executor workers) {

    static final String KEY = "lalo.workflow.node-services";

    void register(Ignite ignite) {
        ignite.cluster().nodeLocalMap().put(KEY, this);
    }

    static void unregister(Ignite ignite) {
        ignite.cluster().nodeLocalMap().remove(KEY);
    }

    static WorkflowNodeServices of(Ignite ignite) {
        Object services = ignite.cluster().nodeLocalMap().get(KEY);
        if (!(services instanceof WorkflowNodeServices found)) {
            throw new IllegalStateException("the workflow engine is not running on node " + ignite.name());
        }
        return found;
    }
}
