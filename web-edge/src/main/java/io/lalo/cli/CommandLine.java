package io.lalo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code lalo} command line: which mode to run, the configuration file, and the configuration keys that
 * its flags set. Flags map onto configuration keys, so a flag and its environment variable can never disagree.
 *
 * @param mode what to run
 * @param help whether {@code --help} was asked for
 * @param configFile {@code --config}, or {@code null}
 * @param overrides configuration keys set by flags
 */
record CommandLine(Mode mode, boolean help, Path configFile, Map<String, String> overrides) {

    /** What a {@code lalo} process runs. */
    enum Mode {
        /** One server node with the HTTP edge in the same JVM, and demo data. */
        START("start", "Run one server node and the HTTP edge in this process (with demo data).",
                List.of("--config", "--data-dir", "--port-offset", "--no-demo")),
        /** A further server node joining the same cluster. */
        NODE("node", "Run a server node that joins the cluster (no HTTP edge).",
                List.of("--config", "--data-dir", "--port-offset", "--no-demo")),
        /** An HTTP edge joining the grid as an Ignite client node. */
        EDGE("edge", "Run an HTTP edge that joins the grid as a client node (holds no data).",
                List.of("--config", "--port-offset"));

        final String command;
        final String summary;
        final List<String> options;

        Mode(String command, String summary, List<String> options) {
            this.command = command;
            this.summary = summary;
            this.options = options;
        }
    }

    static CommandLine parse(String... args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("missing command");
        }
        if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            return new CommandLine(null, true, null, Map.of());
        }
        Mode mode = null;
        for (Mode candidate : Mode.values()) {
            if (candidate.command.equals(args[0])) {
                mode = candidate;
            }
        }
        if (mode == null) {
            throw new UsageException("unknown command '" + args[0] + "'");
        }
        Path config = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new CommandLine(mode, true, null, Map.of());
            }
            if (!mode.options.contains(arg)) {
                throw new UsageException("unknown option '" + arg + "' for " + mode.command);
            }
            switch (arg) {
                case "--no-demo" -> overrides.put("demo.enabled", "false");
                case "--config" -> config = Path.of(value(args, ++i, arg));
                case "--data-dir" -> overrides.put("storage.dataDir", value(args, ++i, arg));
                case "--port-offset" -> overrides.put("node.portOffset", value(args, ++i, arg));
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        return new CommandLine(mode, false, config, overrides);
    }

    private static String value(String[] args, int index, String option) throws UsageException {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException("option " + option + " needs a value");
        }
        return args[index];
    }

    /** The usage text for one mode, or for the whole launcher when {@code mode} is null. */
    static String usage(Mode mode) {
        if (mode == null) {
            StringBuilder text = new StringBuilder("""
                    Usage: lalo COMMAND [OPTIONS]

                    Commands:
                    """);
            for (Mode each : Mode.values()) {
                text.append(String.format("  %-6s %s%n", each.command, each.summary));
            }
            text.append(String.format("  %-6s %s%n", "sql", "Interactive SQL shell over JDBC; sql -e \"SELECT ...\" runs one statement."));
            text.append("\nRun 'lalo COMMAND --help' for a command's options. Every configuration key can also be set\n"
                    + "in config/lalo.yaml or with its LALO_... environment variable (see README).\n");
            return text.toString();
        }
        StringBuilder text = new StringBuilder("Usage: lalo " + mode.command + " [OPTIONS]\n\n" + mode.summary
                + "\n\nOptions:\n");
        for (String option : mode.options) {
            text.append(switch (option) {
                case "--config" -> "  --config FILE       configuration file (default config/lalo.yaml, or $LALO_CONFIG)\n";
                case "--data-dir" -> "  --data-dir DIR      data directory (storage.dataDir, default ./data)\n";
                case "--port-offset" -> "  --port-offset N     add N to every port, to run several processes on one machine\n";
                case "--no-demo" -> "  --no-demo           do not create the demo schema on first start\n";
                default -> "";
            });
        }
        text.append("  --help              show this help\n");
        return text.toString();
    }
}
