package io.lalo.testing;

import io.lalo.config.LaloConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Configurations for nodes started by tests: own ports, own data directory, small memory, demo data off. */
public final class TestConfigs {

    /** The bootstrap admin key every test node registers (as an operator's {@code LALO_ADMIN_KEY} would). */
    public static final String ADMIN_KEY = "test-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";

    private TestConfigs() {
    }

    /** Overrides for node {@code index} of a test cluster on {@code ports}, keeping data under {@code root}. */
    public static Map<String, String> overrides(TestPorts ports, Path root, int index) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("node.portOffset", Integer.toString(index));
        overrides.put("node.instanceName", "test-" + ports.base() + "-" + index);
        overrides.put("discovery.port", Integer.toString(ports.discovery()));
        overrides.put("discovery.addresses", "127.0.0.1:" + ports.discovery() + ".." + (ports.discovery() + 4));
        overrides.put("communication.port", Integer.toString(ports.communication()));
        overrides.put("clientConnector.port", Integer.toString(ports.clientConnector()));
        overrides.put("edge.port", Integer.toString(ports.edge()));
        overrides.put("storage.dataDir", root.resolve("node-" + index).toString());
        overrides.put("storage.dataRegionSize", "256m");
        overrides.put("storage.walSegmentSize", "2m");
        overrides.put("demo.enabled", "false");
        overrides.put("demo.orders", "1000");
        overrides.put("admin.key", ADMIN_KEY);
        // Tests fire requests in quick bursts; rate limiting is tested on its own with low limits.
        overrides.put("rateLimit.burst", "100000");
        overrides.put("rateLimit.requestsPerMinute", "1000000");
        return overrides;
    }

    public static LaloConfig config(TestPorts ports, Path root, int index, Map<String, String> extra) {
        Map<String, String> overrides = overrides(ports, root, index);
        overrides.putAll(extra);
        return LaloConfig.load(null, Map.of(), overrides);
    }
}
