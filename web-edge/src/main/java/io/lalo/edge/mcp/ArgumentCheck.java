package io.lalo.edge.mcp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a tool's arguments against the subset of JSON Schema its input schemas use: an object with typed
 * properties (string, integer, number, boolean, object, array), required ones, string lengths, number bounds,
 * enumerations, and no properties beyond those declared. Returns every problem, worded for the caller.
 */
final class ArgumentCheck {

    private ArgumentCheck() {
    }

    static List<String> problems(JsonObject schema, JsonObject arguments) {
        List<String> problems = new ArrayList<>();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        for (Object required : schema.getJsonArray("required", new JsonArray())) {
            if (!arguments.containsKey(required.toString())) {
                problems.add("'" + required + "' is required");
            }
        }
        for (String name : arguments.fieldNames()) {
            JsonObject property = properties.getJsonObject(name);
            if (property == null) {
                problems.add("'" + name + "' is not an argument of this tool (expected: "
                        + String.join(", ", properties.fieldNames()) + ")");
                continue;
            }
            check(name, property, arguments.getValue(name), problems);
        }
        return problems;
    }

    private static void check(String name, JsonObject property, Object value, List<String> problems) {
        String type = property.getString("type");
        boolean fits = switch (type == null ? "" : type) {
            case "string" -> value instanceof String;
            case "integer" -> value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            case "object" -> value instanceof JsonObject;
            case "array" -> value instanceof JsonArray;
            default -> true;
        };
        if (!fits) {
            problems.add("'" + name + "' must be " + (type.equals("integer") ? "an integer" : "a " + type));
            return;
        }
        if (value instanceof String text) {
            Integer max = property.getInteger("maxLength");
            Integer min = property.getInteger("minLength");
            if (max != null && text.length() > max) {
                problems.add("'" + name + "' is longer than " + max + " characters");
            }
            if (min != null && text.length() < min) {
                problems.add("'" + name + "' must have at least " + min + " character" + (min == 1 ? "" : "s"));
            }
        }
        if (value instanceof Number number) {
            Number minimum = property.getNumber("minimum");
            Number maximum = property.getNumber("maximum");
            if (minimum != null && number.doubleValue() < minimum.doubleValue()
                    || maximum != null && number.doubleValue() > maximum.doubleValue()) {
                problems.add("'" + name + "' must lie in [" + minimum + ", " + maximum + "]");
            }
        }
        JsonArray allowed = property.getJsonArray("enum");
        if (allowed != null && !allowed.contains(value)) {
            problems.add("'" + name + "' must be one of " + allowed.encode());
        }
    }
}
