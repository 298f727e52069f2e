package io.lalo.edge;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads JSON request bodies and their fields, turning every mistake into a 400 that names the field, so handlers
 * never see malformed input and never answer it with a 500.
 */
final class JsonBodies {

    private JsonBodies() {
    }

    /** The body as a JSON object; 400 when it is missing, not JSON, or not an object. */
    static JsonObject object(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("body", "A JSON object body is required");
        }
        Object parsed;
        try {
            parsed = io.vertx.core.json.Json.decodeValue(text);
        } catch (DecodeException e) {
            throw ApiException.badRequest("body", "Malformed JSON: "
                    + e.getMessage().lines().findFirst().orElse("cannot parse"));
        }
        if (!(parsed instanceof JsonObject object)) {
            throw ApiException.badRequest("body", "The body must be a JSON object");
        }
        return object;
    }

    static String requiredString(JsonObject json, String field, int maxLength) {
        String value = optionalString(json, field, maxLength);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field, "'" + field + "' is required");
        }
        return value;
    }

    static String optionalString(JsonObject json, String field, int maxLength) {
        Object value = json.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw ApiException.badRequest(field, "'" + field + "' must be a string");
        }
        if (text.length() > maxLength) {
            throw ApiException.badRequest(field, "'" + field + "' is longer than " + maxLength + " characters");
        }
        return text;
    }

    /** An integer field within {@code [min, max]}, or {@code fallback} when absent. */
    static int optionalInt(JsonObject json, String field, int fallback, int min, int max) {
        Object value = json.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer number && number >= min && number <= max) {
            return number;
        }
        throw ApiException.badRequest(field, "'" + field + "' must be an integer from " + min + " to " + max);
    }

    /** A boolean field, or {@code fallback} when absent. */
    static boolean optionalBoolean(JsonObject json, String field, boolean fallback) {
        Object value = json.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw ApiException.badRequest(field, "'" + field + "' must be true or false");
    }

    static JsonObject optionalObject(JsonObject json, String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject object)) {
            throw ApiException.badRequest(field, "'" + field + "' must be an object");
        }
        return object;
    }

    /** A list of strings each matching {@code pattern}, without duplicates. */
    static Set<String> stringSet(JsonObject json, String field, Pattern pattern, int maxItems) {
        Object value = json.getValue(field);
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof JsonArray array) || array.size() > maxItems) {
            throw ApiException.badRequest(field, "'" + field + "' must be an array of at most " + maxItems
                    + " strings");
        }
        Set<String> items = new LinkedHashSet<>();
        for (Object item : array) {
            if (!(item instanceof String text) || !pattern.matcher(text).matches()) {
                throw ApiException.badRequest(field, "'" + field + "' has an invalid entry: " + item);
            }
            items.add(text);
        }
        return items;
    }

    /** An object whose values are all strings (numbers and booleans are kept as their text). */
    static Map<String, String> stringMap(JsonObject json, String field, int maxEntries) {
        JsonObject object = optionalObject(json, field);
        if (object == null) {
            return Map.of();
        }
        if (object.size() > maxEntries) {
            throw ApiException.badRequest(field, "'" + field + "' has more than " + maxEntries + " entries");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : object) {
            Object value = entry.getValue();
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)
                    || entry.getKey().length() > 64 || value.toString().length() > 256) {
                throw ApiException.badRequest(field + "." + entry.getKey(), "'" + field + "." + entry.getKey()
                        + "' must be a string, number or boolean of at most 256 characters");
            }
            map.put(entry.getKey(), value.toString());
        }
        return map;
    }
}
