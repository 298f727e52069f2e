package io.lalo.config;

import java.util.Locale;

/**
 * One configuration key: its dotted path in {@code lalo.yaml}, the default, what it means and how its value is
 * checked. The environment variable that overrides it is derived from the path ({@code storage.walMode} →
 * {@code LALO_STORAGE_WAL_MODE}) so the two can never drift apart.
 *
 * <p>A secret key (an admin key, a JWT signing secret) is never echoed in an error message or a log line.
 *
 * <p>A default may refer to an earlier key as {@code {path}}; {@code lalo-node-{node.portOffset}} gives each node
 * started with its own port offset its own name.
 */
public record ConfigKey<T>(String path, String defaultText, String description, ValueParser<T> parser,
                           boolean secret) {

    public ConfigKey {
        if (!path.matches("[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)+")) {
            throw new IllegalArgumentException("bad key path " + path);
        }
    }

    public ConfigKey(String path, String defaultText, String description, ValueParser<T> parser) {
        this(path, defaultText, description, parser, false);
    }

    /** A key whose value is a secret: error messages never repeat it. */
    static <T> ConfigKey<T> secret(String path, String description, ValueParser<T> parser) {
        return new ConfigKey<>(path, "", description, parser, true);
    }

    /** The environment variable that overrides this key. */
    public String envName() {
        return "LALO_" + path.replace('.', '_').replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** What values are allowed, in words. */
    public String allowed() {
        return parser.allowed();
    }

    T parse(String text) {
        return parser.parse(text).orElseThrow(() -> ConfigException.invalid(this, text, parser.allowed()));
    }
}
