package io.lalo.edge;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id, echoed in {@code X-Request-Id} on every response and in every error envelope, so a
 * client's report can be matched to the server log. A client-sent id is kept when it is short and plain (so it
 * cannot inject into logs or headers); otherwise a new one is made.
 */
public final class RequestIdHandler implements Handler<RoutingContext> {

    static final String HEADER = "X-Request-Id";
    private static final String KEY = "lalo.requestId";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    @Override
    public void handle(RoutingContext ctx) {
        String sent = ctx.request().getHeader(HEADER);
        String id = sent != null && ACCEPTABLE.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER, id);
        ctx.next();
    }

    /** This request's id (empty before the handler ran). */
    public static String requestId(RoutingContext ctx) {
        String id = ctx.get(KEY);
        return id != null ? id : "";
    }
}
