package io.lalo.governance;

import io.lalo.pii.PiiType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of a policy in the API and in {@code config/policies}: plain maps and lists (as any JSON parser
 * gives them) to and from {@link Policy}. Every mistake is a {@link PolicyException} naming the field.
 *
 * <pre>{"id": "analysts-read", "effect": "allow", "actions": ["sql.select"], "resources": ["table:*"],
 *  "condition": "'analyst' in principal.roles",
 *  "obligations": {"maskColumns": {"EMAIL": "partial"}, "rowFilters": ["REGION_ID = 4"],
 *                  "redactPii": true, "piiTypes": ["email", "phone"], "requireApproval": false},
 *  "enabled": true, "description": "…"}</pre>
 */
public final class PolicyCodec {

    private PolicyCodec() {
    }

    public static Policy fromMap(Map<String, ?> map) {
        String id = string(map, "id", null, true);
        Object effectValue = map.get("effect");
        Effect effect;
        if (effectValue instanceof String text && (text.equalsIgnoreCase("allow") || text.equalsIgnoreCase("deny"))) {
            effect = Effect.valueOf(text.toUpperCase(Locale.ROOT));
        } else {
            throw new PolicyException(id, "effect", "'effect' must be \"allow\" or \"deny\"", 0, 0);
        }
        List<String> actions = strings(map, "actions", id, 1);
        List<String> resources = map.containsKey("resources") ? strings(map, "resources", id, 1) : List.of("*");
        Object enabled = map.get("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            throw new PolicyException(id, "enabled", "'enabled' must be true or false", 0, 0);
        }
        return new Policy(id, string(map, "description", id, false), effect, actions, resources,
                string(map, "condition", id, false), obligations(map.get("obligations"), id),
                enabled == null || (Boolean) enabled);
    }

    public static Map<String, Object> toMap(Policy policy) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", policy.id());
        map.put("description", policy.description());
        map.put("effect", policy.effect().name().toLowerCase(Locale.ROOT));
        map.put("actions", policy.actions());
        map.put("resources", policy.resources());
        map.put("condition", policy.condition());
        map.put("obligations", toMap(policy.obligations()));
        map.put("enabled", policy.enabled());
        return map;
    }

    public static Map<String, Object> toMap(Obligations obligations) {
        Map<String, Object> map = new LinkedHashMap<>();
        Map<String, String> masks = new LinkedHashMap<>();
        obligations.maskColumns().forEach((column, kind) -> masks.put(column, kind.name().toLowerCase(Locale.ROOT)));
        map.put("maskColumns", masks);
        map.put("rowFilters", obligations.rowFilters());
        map.put("redactPii", obligations.redactPii());
        map.put("piiTypes", obligations.piiTypes().stream().map(type -> type.name().toLowerCase(Locale.ROOT))
                .sorted().toList());
        map.put("requireApproval", obligations.requireApproval());
        return map;
    }

    private static Obligations obligations(Object value, String id) {
        if (value == null) {
            return Obligations.NONE;
        }
        if (!(value instanceof Map<?, ?> raw)) {
            throw new PolicyException(id, "obligations", "'obligations' must be an object", 0, 0);
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> map = (Map<String, ?>) raw;
        Map<String, Obligations.MaskKind> masks = new LinkedHashMap<>();
        Object maskValue = map.get("maskColumns");
        if (maskValue != null) {
            if (!(maskValue instanceof Map<?, ?> maskMap)) {
                throw new PolicyException(id, "obligations.maskColumns", "'maskColumns' must map columns to "
                        + "full, partial or hash", 0, 0);
            }
            for (Map.Entry<?, ?> entry : maskMap.entrySet()) {
                String kind = String.valueOf(entry.getValue()).toUpperCase(Locale.ROOT);
                if (!List.of("FULL", "PARTIAL", "HASH").contains(kind)
                        || !String.valueOf(entry.getKey()).matches("[A-Za-z_][A-Za-z0-9_.]{0,127}")) {
                    throw new PolicyException(id, "obligations.maskColumns", "Mask of '" + entry.getKey()
                            + "' must be full, partial or hash", 0, 0);
                }
                masks.put(String.valueOf(entry.getKey()), Obligations.MaskKind.valueOf(kind));
            }
        }
        List<String> filters = map.containsKey("rowFilters") ? strings(map, "rowFilters", id, 0) : List.of();
        Set<PiiType> piiTypes = EnumSet.noneOf(PiiType.class);
        for (String type : map.containsKey("piiTypes") ? strings(map, "piiTypes", id, 0) : List.<String>of()) {
            try {
                piiTypes.add(PiiType.valueOf(type.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new PolicyException(id, "obligations.piiTypes", "Unknown PII type '" + type + "'; known: "
                        + List.of(PiiType.values()).toString().toLowerCase(Locale.ROOT), 0, 0);
            }
        }
        return new Obligations(masks, filters, flag(map, "redactPii", id), piiTypes, flag(map, "requireApproval", id));
    }

    private static boolean flag(Map<String, ?> map, String field, String id) {
        Object value = map.get(field);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean bool)) {
            throw new PolicyException(id, "obligations." + field, "'" + field + "' must be true or false", 0, 0);
        }
        return bool;
    }

    private static String string(Map<String, ?> map, String field, String id, boolean required) {
        Object value = map.get(field);
        if (value == null) {
            if (required) {
                throw new PolicyException(id, field, "'" + field + "' is required", 0, 0);
            }
            return null;
        }
        if (!(value instanceof String text)) {
            throw new PolicyException(id, field, "'" + field + "' must be a string", 0, 0);
        }
        return text;
    }

    private static List<String> strings(Map<String, ?> map, String field, String id, int minItems) {
        Object value = map.get(field);
        if (!(value instanceof List<?> list) || list.size() < minItems || list.size() > 64) {
            throw new PolicyException(id, field, "'" + field + "' must be a list of " + minItems + " to 64 strings",
                    0, 0);
        }
        List<String> strings = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String text) || text.isBlank()) {
                throw new PolicyException(id, field, "'" + field + "' must hold non-empty strings", 0, 0);
            }
            strings.add(text);
        }
        return strings;
    }
}
