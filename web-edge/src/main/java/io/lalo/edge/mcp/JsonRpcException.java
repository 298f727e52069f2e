package io.lalo.edge.mcp;

/**
 * A JSON-RPC error to answer with: the standard codes for malformed JSON, invalid requests, unknown methods and bad
 * parameters, and the HTTP status the Streamable HTTP transport sends it with.
 */
final class JsonRpcException extends RuntimeException {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;

    private final int code;
    private final int httpStatus;

    JsonRpcException(int code, String message, int httpStatus) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    static JsonRpcException invalidParams(String message) {
        return new JsonRpcException(INVALID_PARAMS, message, 200);
    }

    int code() {
        return code;
    }

    int httpStatus() {
        return httpStatus;
    }
}
