package io.lalo.bench;

import io.lalo.config.LaloConfig;
import io.lalo.grid.LaloNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One in-memory LALO server node for benchmarks, on ports away from a running LALO. */
final class BenchGrid {

    private BenchGrid() {
    }

    /**
     * Starts the node; with {@code persistent} the data region spills to disk (for benchmarks that write more than
     * fits in memory), otherwise everything stays in the region.
     */
    static LaloNode start(String regionSize, boolean persistent) throws Exception {
        return start(regionSize, persistent, Map.of());
    }

    /** Like {@link #start(String, boolean)}, with further configuration keys. */
    static LaloNode start(String regionSize, boolean persistent, Map<String, String> extra) throws Exception {
        Path dir = Files.createTempDirectory("lalo-bench");
        Map<String, String> settings = new java.util.HashMap<>(extra);
        settings.putAll(Map.of(
                "node.instanceName", "bench",
                "discovery.port", "49500",
                "discovery.addresses", "127.0.0.1:49500",
                "communication.port", "49100",
                "clientConnector.enabled", "false",
                "storage.persistence", Boolean.toString(persistent),
                "storage.dataDir", dir.toString(),
                "storage.dataRegionSize", regionSize,
                "demo.enabled", "false"));
        LaloConfig config = LaloConfig.load(null, Map.of(), settings);
        LaloNode node = LaloNode.server(config);
        node.start();
        return node;
    }
}
