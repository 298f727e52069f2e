package io.lalo.config;

/**
 * A configuration value that LALO cannot run with. The message is one line naming the key, the environment variable
 * that overrides it, the rejected value and what is allowed, so that an operator can fix it without reading code.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    static ConfigException invalid(ConfigKey<?> key, String value, String allowed) {
        String shown = key.secret() ? "(secret value hidden)" : "'" + value + "'";
        return new ConfigException(key.path(), "Invalid configuration: " + key.path() + " (env " + key.envName()
                + ") = " + shown + "; allowed: " + allowed);
    }

    /** The dotted key that was rejected, e.g. {@code storage.walMode}. */
    public String key() {
        return key;
    }
}
