package io.lalo.edge;

import io.lalo.config.LaloConfig;
import io.lalo.governance.Governance;
import io.lalo.governance.Principal;
import io.lalo.grid.LaloNode;
import io.lalo.rag.Rag;
import io.lalo.sql.SqlLayer;
import io.lalo.workflow.WorkflowEngine;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A grid node with governance and the HTTP edge in front of it, started in the test JVM the way {@code lalo start}
 * (server node) or {@code lalo edge} (client node) starts them, and stopped in reverse order.
 */
record TestEdge(LaloNode node, Governance governance, Rag rag, SqlLayer sql, WorkflowEngine workflows,
                EdgeServer edge, List<Http> clients)
        implements AutoCloseable {

    static TestEdge start(LaloNode node) throws Exception {
        node.start();
        Governance governance = new Governance(node);
        governance.startAsync().get();
        Rag rag = new Rag(node, governance, true);
        rag.startAsync().get();
        SqlLayer sql = new SqlLayer(node, governance, rag::embedderIfReady);
        sql.startAsync().get();
        WorkflowEngine workflows = new WorkflowEngine(node);
        workflows.startAsync().get();
        EdgeServer edge = new EdgeServer(node.config(), node::ignite, governance, sql, rag, workflows);
        edge.startAsync().get();
        return new TestEdge(node, governance, rag, sql, workflows, edge, new ArrayList<>());
    }

    static TestEdge server(LaloConfig config) throws Exception {
        return start(LaloNode.server(config));
    }

    int port() {
        return edge.port();
    }

    /** A client with the bootstrap admin key; closed with this edge. */
    Http admin() {
        return track(new Http(port()));
    }

    /**
     * A client acting as a new principal with one role and the given attributes, its key made by the real API-key
     * store; closed with this edge.
     */
    Http clientAs(String id, String role, Map<String, String> attributes) {
        String key = governance.apiKeys().create(id, new Principal(id, null, Set.of(role), attributes), "test").key();
        return track(new Http(port(), key));
    }

    /** Saves a policy through the HTTP API as the bootstrap admin; fails the test unless it is created (201). */
    void policy(JsonObject policy) {
        try (Http admin = new Http(port())) {
            var response = admin.send(HttpMethod.POST, "/v1/governance/policies",
                    "application/json", policy.toBuffer());
            if (response.statusCode() != 201) {
                throw new AssertionError("policy not created: " + response.bodyAsString());
            }
        }
    }

    Http track(Http client) {
        clients.add(client);
        return client;
    }

    @Override
    public void close() throws Exception {
        clients.forEach(Http::close);
        edge.stopAsync().get();
        workflows.stopAsync().get();
        sql.stopAsync().get();
        rag.stopAsync().get();
        governance.stopAsync().get();
        node.stopAsync().get();
    }
}
