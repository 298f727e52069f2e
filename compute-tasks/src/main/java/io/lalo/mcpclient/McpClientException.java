package io.lalo.mcpclient;

/** An external MCP server could not be reached, refused a request, or answered something unreadable. */
public final class McpClientException extends RuntimeException {

    public McpClientException(String message) {
        super(message, null, false, false);
    }
}
