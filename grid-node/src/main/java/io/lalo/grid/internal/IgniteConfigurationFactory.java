package io.lalo.grid.internal;

import io.lalo.config.LaloConfig;
import org.apache.ignite.calcite.CalciteQueryEngineConfiguration;
import org.apache.ignite.configuration.ClientConnectorConfiguration;
import org.apache.ignite.configuration.DataPageEvictionMode;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.SqlConfiguration;
import org.apache.ignite.configuration.WALMode;
import org.apache.ignite.failure.StopNodeFailureHandler;
import org.apache.ignite.indexing.IndexingQueryEngineConfiguration;
import org.apache.ignite.logger.slf4j.Slf4jLogger;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;

/**
 * Builds Ignite's configuration in code from {@link LaloConfig}: no Spring XML, every setting traceable to one key.
 */
public final class IgniteConfigurationFactory {

    /** Name of the data region that holds user data; persistent unless persistence is off. */
    public static final String DEFAULT_REGION = "default";

    /**
     * An in-memory region for state that must be shared but need not survive a restart (rate-limit buckets,
     * cached query results), so it costs no WAL or checkpoint work.
     */
    public static final String VOLATILE_REGION = "volatile";
    private static final long VOLATILE_REGION_SIZE = 256L << 20;

    /** Communication ports are advertised through discovery, so a node may take the next free one. */
    private static final int COMMUNICATION_PORT_RANGE = 100;

    /** Bounds each connection's outbound queue, so a slow peer causes back-pressure rather than heap growth. */
    private static final int MESSAGE_QUEUE_LIMIT = 1024;

    private IgniteConfigurationFactory() {
    }

    /** A server node, or with {@code client} an Ignite client node as the {@code edge} mode uses. */
    public static IgniteConfiguration create(LaloConfig config, boolean client) {
        LaloConfig.Node node = config.node();
        IgniteConfiguration cfg = new IgniteConfiguration()
                .setIgniteInstanceName(node.instanceName())
                .setClientMode(client)
                .setLocalHost(node.host())
                .setWorkDirectory(config.storage().dataDir().toAbsolutePath().normalize().toString())
                .setGridLogger(new Slf4jLogger())
                .setMetricsLogFrequency(0)
                .setDiscoverySpi(discovery(config, client))
                .setCommunicationSpi(new TcpCommunicationSpi()
                        .setLocalPort(config.discovery().communicationPort())
                        .setLocalPortRange(COMMUNICATION_PORT_RANGE)
                        .setMessageQueueLimit(MESSAGE_QUEUE_LIMIT))
                .setSqlConfiguration(new SqlConfiguration().setQueryEnginesConfiguration(
                        new CalciteQueryEngineConfiguration().setDefault("calcite".equals(config.sql().defaultEngine())),
                        new IndexingQueryEngineConfiguration().setDefault("h2".equals(config.sql().defaultEngine()))));
        // Cluster-wide in Ignite: every node, client or server, must agree on it.
        cfg.setAuthenticationEnabled(config.clientConnector().authentication());
        if (client) {
            // A critical failure on an edge's client node should stop that node (the edge then reports itself
            // unhealthy), not halt the whole process as it rightly does on a data-holding server.
            return cfg.setClientConnectorConfiguration(null).setFailureHandler(new StopNodeFailureHandler());
        }
        cfg.setConsistentId(node.consistentId());
        cfg.setClientConnectorConfiguration(config.clientConnector().enabled()
                ? new ClientConnectorConfiguration()
                        .setHost(node.host())
                        .setPort(config.clientConnector().port())
                        .setPortRange(0)
                : null);
        cfg.setDataStorageConfiguration(storage(config.storage()));
        return cfg;
    }

    private static TcpDiscoverySpi discovery(LaloConfig config, boolean client) {
        TcpDiscoverySpi spi = new TcpDiscoverySpi()
                .setIpFinder(new TcpDiscoveryVmIpFinder().setAddresses(config.discovery().addresses()));
        if (!client) {
            spi.setLocalPort(config.discovery().port()).setLocalPortRange(0);
        }
        return spi;
    }

    private static DataStorageConfiguration storage(LaloConfig.Storage storage) {
        DataRegionConfiguration region = new DataRegionConfiguration()
                .setName(DEFAULT_REGION)
                .setInitialSize(Math.min(storage.dataRegionSize(), 256L << 20))
                .setMaxSize(storage.dataRegionSize())
                .setPersistenceEnabled(storage.persistence())
                .setMetricsEnabled(true);
        DataRegionConfiguration volatileRegion = new DataRegionConfiguration()
                .setName(VOLATILE_REGION)
                .setInitialSize(32L << 20)
                .setMaxSize(VOLATILE_REGION_SIZE)
                .setPersistenceEnabled(false)
                // Caches here hold what can be rebuilt (rate-limit buckets, query results): under memory pressure
                // the least recently used pages go rather than writes failing.
                .setPageEvictionMode(DataPageEvictionMode.RANDOM_2_LRU)
                .setMetricsEnabled(true);
        return new DataStorageConfiguration()
                .setDefaultDataRegionConfiguration(region)
                .setDataRegionConfigurations(volatileRegion)
                .setWalMode(WALMode.valueOf(storage.walMode()))
                .setWalSegmentSize((int) storage.walSegmentSize())
                // Bulk loads (the demo data, ingest) outrun checkpoints in a small region; throttling slows
                // writers down instead of letting dirty pages fill memory and fail the node.
                .setWriteThrottlingEnabled(true)
                .setMetricsEnabled(true);
    }
}
