package io.lalo.grid;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteClientDisconnectedException;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.cluster.ClusterState;

/**
 * How the grid looks from this process: connected or not, active or not, and whether every baseline node is
 * online. Unhealthy means requests cannot be served (not connected, or the cluster is inactive); degraded means
 * they can, but with less redundancy than configured (a baseline node is missing).
 *
 * @param status the verdict
 * @param state Ignite's cluster state, or {@code DISCONNECTED}
 * @param serverNodes server nodes in the topology
 * @param clientNodes client nodes (edges) in the topology
 * @param baselineNodes nodes in the baseline topology (0 for in-memory clusters)
 * @param baselineOnline of those, the ones online
 */
public record GridHealth(Status status, String state, int serverNodes, int clientNodes, int baselineNodes,
                         int baselineOnline) {

    public enum Status {
        HEALTHY,
        DEGRADED,
        UNHEALTHY
    }

    /** Reads the health of the grid as {@code ignite} sees it; cheap, but may block briefly on a client node. */
    public static GridHealth of(Ignite ignite) {
        try {
            ClusterState state = ignite.cluster().state();
            Collection<ClusterNode> nodes = ignite.cluster().nodes();
            int servers = (int) nodes.stream().filter(node -> !node.isClient()).count();
            int clients = nodes.size() - servers;
            Collection<BaselineNode> baseline = ignite.cluster().currentBaselineTopology();
            int baselineSize = baseline == null ? 0 : baseline.size();
            Set<Object> online = nodes.stream().map(ClusterNode::consistentId).collect(Collectors.toSet());
            int baselineOnline = baseline == null ? 0
                    : (int) baseline.stream().filter(node -> online.contains(node.consistentId())).count();
            Status status = !state.active() ? Status.UNHEALTHY
                    : baselineOnline < baselineSize ? Status.DEGRADED
                    : Status.HEALTHY;
            return new GridHealth(status, state.name(), servers, clients, baselineSize, baselineOnline);
        } catch (IgniteClientDisconnectedException | IllegalStateException e) {
            return new GridHealth(Status.UNHEALTHY, "DISCONNECTED", 0, 0, 0, 0);
        }
    }
}
