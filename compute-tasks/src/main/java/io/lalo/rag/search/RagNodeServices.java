package io.lalo.rag.search;

import io.lalo.governance.Governance;
import io.lalo.rag.index.ChunkIndexer;
import org.apache.ignite.Ignite;

/**
 * What a data node's search task needs from its own process: the node's index and its governance. Kept in the
 * node's local map, so a task finds the services of the node it runs on (several nodes may share a JVM).
 */
public record RagNodeServices(ChunkIndexer indexer, Governance governance) {

    static final String KEY = "lalo.rag.node-services";

    public void register(Ignite ignite) {
        ignite.cluster().nodeLocalMap().put(KEY, this);
    }

    public static void unregister(Ignite ignite) {
        ignite.cluster().nodeLocalMap().remove(KEY);
    }

    static RagNodeServices of(Ignite ignite) {
        Object services = ignite.cluster().nodeLocalMap().get(KEY);
        if (!(services instanceof RagNodeServices found)) {
            throw new IllegalStateException("RAG is not running on node " + ignite.name());
        }
        return found;
    }
}
