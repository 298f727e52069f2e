package io.lalo.edge;

import java.util.Map;

/**
 * A request that cannot be served, with the HTTP status and the stable error code clients branch on. Handlers fail
 * the routing context with it; the edge's failure handler turns it into the JSON error envelope.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, Object> details;
    private final transient Map<String, String> headers;

    public ApiException(int status, String code, String message, Map<String, Object> details,
                        Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = Map.copyOf(details);
        this.headers = Map.copyOf(headers);
    }

    public ApiException(int status, String code, String message, Map<String, Object> details) {
        this(status, code, message, details, Map.of());
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** Response headers that belong to this error, e.g. {@code WWW-Authenticate} or {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }

    /** 400 for a request whose content is wrong, naming the field. */
    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "BAD_REQUEST", message, Map.of("field", field));
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "NOT_FOUND", message);
    }
}
