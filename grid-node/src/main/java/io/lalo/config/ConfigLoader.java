package io.lalo.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads raw configuration text from its sources in order of precedence: the built-in defaults, then the YAML file,
 * then {@code LALO_…} environment variables, then explicit overrides (command-line flags). Unknown keys are errors,
 * so a typo in {@code lalo.yaml} never silently falls back to a default.
 */
final class ConfigLoader {

    private static final Pattern REFERENCE = Pattern.compile("\\{([a-zA-Z.]+)}");

    private ConfigLoader() {
    }

    static Map<String, String> resolve(Path yamlFile, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> fromFile = yamlFile == null ? Map.of() : readYaml(yamlFile);
        Map<String, String> known = ConfigKeys.ALL.stream()
                .collect(Collectors.toMap(ConfigKey::path, ConfigKey::path));
        for (String key : overrides.keySet()) {
            if (!known.containsKey(key)) {
                throw new ConfigException(key, "Unknown configuration key '" + key + "'");
            }
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            String value = overrides.get(key.path());
            if (value == null) {
                value = env.get(key.envName());
            }
            if (value == null) {
                value = fromFile.get(key.path());
            }
            if (value == null) {
                value = expandDefault(key.defaultText(), resolved);
            }
            resolved.put(key.path(), value);
        }
        return resolved;
    }

    private static String expandDefault(String text, Map<String, String> resolved) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = resolved.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("default refers to a later key: " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> readYaml(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigException("config", "Cannot read configuration file " + file + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                throw new ConfigException("config", "Configuration file " + file + " must hold a YAML mapping");
            }
            flatten("", root, flat, file);
        }
        Map<String, Boolean> known = ConfigKeys.ALL.stream()
                .collect(Collectors.toMap(ConfigKey::path, k -> Boolean.TRUE));
        for (String key : flat.keySet()) {
            if (!known.containsKey(key)) {
                throw new ConfigException(key, "Unknown configuration key '" + key + "' in " + file);
            }
        }
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(path, value, out, file);
            } else if (value.isArray()) {
                StringBuilder joined = new StringBuilder();
                for (JsonNode item : value) {
                    if (!item.isValueNode()) {
                        throw new ConfigException(path, "Invalid configuration: " + path + " in " + file
                                + " must be a list of plain values");
                    }
                    joined.append(joined.length() == 0 ? "" : ",").append(item.asText());
                }
                out.put(path, joined.toString());
            } else if (!value.isNull()) {
                out.put(path, value.asText());
            }
        }
    }
}
