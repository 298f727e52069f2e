package io.lalo.grid;

import io.lalo.config.LaloConfig;
import io.lalo.demo.DemoData;
import io.lalo.grid.internal.IgniteConfigurationFactory;
import io.lalo.lifecycle.LaloComponent;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCluster;
import org.apache.ignite.IgniteException;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.ClusterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's Ignite node, configured in code from {@link LaloConfig}. A server node holds data; on the first
 * start of a persistent cluster it activates it, turns baseline auto-adjust on and, unless disabled, loads the demo
 * schema. A client node ({@link GridRole#CLIENT}) only joins the grid, as a separate edge process does.
 */
public final class LaloNode implements LaloComponent {

    private static final Logger LOG = LoggerFactory.getLogger(LaloNode.class);

    private final LaloConfig config;
    private final GridRole role;
    private volatile Ignite ignite;
    private volatile Thread deferredDemo;
    private volatile String generatedThinClientPassword;

    private LaloNode(LaloConfig config, GridRole role) {
        this.config = config;
        this.role = role;
    }

    /** A data-holding server node. */
    public static LaloNode server(LaloConfig config) {
        return new LaloNode(config, GridRole.SERVER);
    }

    /** A client node that reaches the grid without holding data (the {@code edge} mode). */
    public static LaloNode client(LaloConfig config) {
        return new LaloNode(config, GridRole.CLIENT);
    }

    @Override
    public String name() {
        return "grid-node(" + config.node().instanceName() + ")";
    }

    public GridRole role() {
        return role;
    }

    public LaloConfig config() {
        return config;
    }

    /** The started Ignite instance. */
    public Ignite ignite() {
        Ignite current = ignite;
        if (current == null) {
            throw new IllegalStateException(name() + " is not started");
        }
        return current;
    }

    @Override
    public CompletableFuture<Void> startAsync() {
        return LaloComponent.runOnOwnThread("lalo-node-start", this::start);
    }

    /** Starts the node in the calling thread; returns once the node has joined (and, if active, loaded demo data). */
    public void start() {
        try {
            ignite = Ignition.start(IgniteConfigurationFactory.create(config, role == GridRole.CLIENT));
        } catch (IgniteException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (String.valueOf(cause.getMessage()).contains("grid security processor class is not equal")) {
                    throw new IllegalStateException("clientConnector.authentication must be the same on every node "
                            + "of the cluster (it is " + config.clientConnector().authentication() + " here)", e);
                }
            }
            throw e;
        }
        if (role == GridRole.CLIENT) {
            return;
        }
        IgniteCluster cluster = ignite.cluster();
        if (cluster.state() == ClusterState.INACTIVE && cluster.currentBaselineTopology() == null
                && config.cluster().activateOnFirstStart()) {
            LOG.info("First start of this cluster: activating it");
            cluster.state(ClusterState.ACTIVE);
        }
        if (cluster.state().active()) {
            onActive();
        } else {
            LOG.info("Cluster is inactive: waiting for the baseline nodes to join before loading data");
            deferredDemo = new Thread(this::awaitActiveThenInit, "lalo-await-activation");
            deferredDemo.setDaemon(true);
            deferredDemo.start();
        }
    }

    private void awaitActiveThenInit() {
        try {
            while (!ignite.cluster().state().active()) {
                Thread.sleep(500);
            }
            onActive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Initialisation after activation failed: {}", e.toString());
        }
    }

    private void onActive() {
        generatedThinClientPassword = ThinClientPassword.ensure(ignite, config).orElse(null);
        if (config.storage().persistence()) {
            IgniteCluster cluster = ignite.cluster();
            cluster.baselineAutoAdjustEnabled(config.cluster().baselineAutoAdjust());
            Duration timeout = config.cluster().baselineAutoAdjustTimeout();
            cluster.baselineAutoAdjustTimeout(timeout.toMillis());
        }
        if (config.demo().enabled()) {
            new DemoData(ignite, config).loadIfAbsent();
        }
    }

    /** The thin-client password this node generated on the cluster's first start, to be shown once. */
    public Optional<String> generatedThinClientPassword() {
        return Optional.ofNullable(generatedThinClientPassword);
    }

    @Override
    public CompletableFuture<Void> stopAsync() {
        Ignite current = ignite;
        if (current == null) {
            return CompletableFuture.completedFuture(null);
        }
        Thread waiting = deferredDemo;
        if (waiting != null) {
            waiting.interrupt();
        }
        return LaloComponent.runOnOwnThread("lalo-node-stop", () -> {
            Ignition.stop(current.name(), false);
            ignite = null;
        });
    }
}
