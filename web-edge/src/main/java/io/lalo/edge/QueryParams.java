package io.lalo.edge;

import io.vertx.ext.web.RoutingContext;

/** Reads query-string parameters, turning every bad value into a 400 that names the parameter. */
final class QueryParams {

    private QueryParams() {
    }

    /** An integer parameter within [min, max]; {@code fallback} when it is absent. */
    static int integer(RoutingContext ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name, "'" + name + "' must be an integer from " + min + " to " + max);
    }
}
