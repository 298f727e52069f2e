package io.lalo.cli;

import io.lalo.config.ConfigException;
import io.lalo.config.LaloConfig;
import io.lalo.edge.EdgeServer;
import io.lalo.governance.AdminKeyBootstrap;
import io.lalo.governance.Governance;
import io.lalo.grid.GridHealth;
import io.lalo.grid.LaloNode;
import io.lalo.grid.ThinClientPassword;
import io.lalo.lifecycle.LaloComponent;
import io.lalo.lifecycle.LifecycleManager;
import io.lalo.rag.Rag;
import io.lalo.sql.SqlLayer;
import io.lalo.workflow.WorkflowEngine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The {@code lalo} process: parses the command line, loads and validates the configuration (a bad value ends the
 * process with one line and exit status 2), starts the components of the chosen mode in order and, on SIGTERM or
 * Ctrl-C, stops them in reverse order: the edge stops taking requests first, then the node leaves the grid.
 */
public final class Lalo {

    private static final Logger LOG = LoggerFactory.getLogger(Lalo.class);
    private static final long COMPONENT_TIMEOUT_SECONDS = 300;
    static final int EXIT_USAGE = 2;
    static final int EXIT_START_FAILED = 1;

    private Lalo() {
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        CommandLine command;
        try {
            command = CommandLine.parse(args);
        } catch (UsageException e) {
            System.err.println("lalo: " + e.getMessage());
            System.err.print(CommandLine.usage(null));
            System.exit(EXIT_USAGE);
            return;
        }
        if (command.help()) {
            System.out.print(CommandLine.usage(command.mode()));
            return;
        }
        LaloConfig config;
        try {
            config = LaloConfig.load(configFile(command), System.getenv(), command.overrides());
        } catch (ConfigException e) {
            System.err.println("lalo: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        run(command.mode(), config);
    }

    private static Path configFile(CommandLine command) {
        if (command.configFile() != null) {
            return command.configFile();
        }
        String fromEnv = System.getenv("LALO_CONFIG");
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    }

    private static void run(CommandLine.Mode mode, LaloConfig config) {
        List<LaloComponent> components = new ArrayList<>();
        LaloNode node = mode == CommandLine.Mode.EDGE ? LaloNode.client(config) : LaloNode.server(config);
        components.add(node);
        Governance governance = new Governance(node);
        components.add(governance);
        Rag rag = new Rag(node, governance, mode != CommandLine.Mode.NODE);
        components.add(rag);
        if (mode != CommandLine.Mode.NODE) {
            SqlLayer sql = new SqlLayer(node, governance, rag::embedderIfReady);
            components.add(sql);
            WorkflowEngine workflows = new WorkflowEngine(node);
            components.add(workflows);
            components.add(new EdgeServer(config, node::ignite, governance, sql, rag, workflows));
        }
        LifecycleManager lifecycle = new LifecycleManager();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping LALO");
            lifecycle.stopAll(config.edge().shutdownTimeout().toSeconds() + 30);
            stopped.countDown();
        }, "lalo-shutdown"));
        try {
            lifecycle.startAll(components, COMPONENT_TIMEOUT_SECONDS);
        } catch (RuntimeException e) {
            System.err.println("lalo: could not start: " + e.getMessage());
            LOG.debug("start failure", e);
            System.exit(EXIT_START_FAILED);
            return;
        }
        printBanner(System.out, mode, config, node, governance);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void printBanner(PrintStream out, CommandLine.Mode mode, LaloConfig config, LaloNode node,
                                    Governance governance) {
        GridHealth grid = GridHealth.of(node.ignite());
        out.printf("LALO %s is running: node %s, cluster %s, %d server node(s)%n", mode.command,
                config.node().instanceName(), grid.state(), grid.serverNodes());
        if (mode != CommandLine.Mode.NODE) {
            String base = "http://" + config.edge().host() + ":" + config.edge().port();
            out.printf("  HTTP edge   %s   (ready: %s/health/ready, API docs: %s/docs)%n", base, base, base);
            out.printf("  Metrics     %s/metrics%n", base);
        }
        if (mode != CommandLine.Mode.EDGE && config.clientConnector().enabled()) {
            out.printf("  JDBC        jdbc:ignite:thin://%s:%d   (driver org.apache.ignite.IgniteJdbcThinDriver)%n",
                    config.node().host(), config.clientConnector().port());
            out.printf("  SQL shell   ./scripts/lalo sql%s%n",
                    config.clientConnector().port() == 10800 ? "" : " --port " + config.clientConnector().port());
            if (config.clientConnector().authentication()) {
                out.printf("  JDBC login  user %s; password: clientConnector.password, or the one generated on the "
                        + "first start into %s%n", ThinClientPassword.USER,
                        config.storage().dataDir().resolve(ThinClientPassword.FILE));
            }
            node.generatedThinClientPassword().ifPresent(password -> out.printf(
                    "  JDBC pass   %s   (shown this once; lalo sql reads it from that file)%n", password));
        }
        governance.generatedAdminKey().ifPresent(key -> {
            out.printf("  Admin key   %s%n", key);
            out.printf("              shown this once; also saved, readable only by you, in %s%n",
                    config.storage().dataDir().resolve(AdminKeyBootstrap.KEY_FILE));
            out.printf("              try: curl -H 'Authorization: Bearer %s' %s/v1/me%n", key,
                    "http://" + config.edge().host() + ":" + config.edge().port());
        });
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
