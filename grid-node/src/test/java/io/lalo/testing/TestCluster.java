package io.lalo.testing;

import io.lalo.grid.LaloNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Server nodes of one test cluster in this JVM, on their own ports and data directories, started in order and
 * stopped in reverse order. Tests start one per class.
 */
public final class TestCluster implements AutoCloseable {

    private final List<LaloNode> nodes;

    private TestCluster(List<LaloNode> nodes) {
        this.nodes = nodes;
    }

    /** Starts {@code size} server nodes with the test defaults plus {@code settings}. */
    public static TestCluster start(Path dir, int size, Map<String, String> settings) {
        TestPorts ports = TestPorts.allocate();
        List<LaloNode> nodes = new ArrayList<>();
        TestCluster cluster = new TestCluster(nodes);
        try {
            for (int i = 0; i < size; i++) {
                LaloNode node = LaloNode.server(TestConfigs.config(ports, dir, i, settings));
                node.start();
                nodes.add(node);
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public LaloNode node(int index) {
        return nodes.get(index);
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                nodes.get(i).stopAsync().get();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop " + nodes.get(i).name(), e);
            }
        }
        nodes.clear();
    }
}
