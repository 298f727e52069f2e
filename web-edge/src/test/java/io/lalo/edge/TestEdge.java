package io.lalo.edge;

import io.lalo.config.LaloConfig;
import io.lalo.governance.Governance;
import io.lalo.grid.LaloNode;
import io.lalo.sql.SqlLayer;

/**
 * A grid node with governance and the HTTP edge in front of it, started in the test JVM the way {@code lalo start}
 * (server node) or {@code lalo edge} (client node) starts them, and stopped in reverse order.
 */
record TestEdge(LaloNode node, Governance governance, SqlLayer sql, EdgeServer edge) implements AutoCloseable {

    static TestEdge start(LaloNode node) throws Exception {
        node.start();
        Governance governance = new Governance(node);
        governance.startAsync().get();
        SqlLayer sql = new SqlLayer(node, governance);
        sql.startAsync().get();
        EdgeServer edge = new EdgeServer(node.config(), node::ignite, governance, sql);
        edge.startAsync().get();
        return new TestEdge(node, governance, sql, edge);
    }

    static TestEdge server(LaloConfig config) throws Exception {
        return start(LaloNode.server(config));
    }

    int port() {
        return edge.port();
    }

    @Override
    public void close() throws Exception {
        edge.stopAsync().get();
        sql.stopAsync().get();
        governance.stopAsync().get();
        node.stopAsync().get();
    }
}
