package io.lalo.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;

/** A real HTTP client for tests: Vert.x WebClient on its own Vert.x instance, with blocking helpers. */
final class Http implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final WebClient client;
    private final int port;
    private final String bearer;

    /** A client that sends {@code Authorization: Bearer <bearer>} on every request ({@code null}: none). */
    Http(int port, String bearer) {
        this.port = port;
        this.bearer = bearer;
        client = WebClient.create(vertx, new WebClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(port)
                .setFollowRedirects(false));
    }

    /** A client authenticated with the test admin key. */
    Http(int port) {
        this(port, io.lalo.testing.TestConfigs.ADMIN_KEY);
    }

    HttpRequest<Buffer> request(HttpMethod method, String path) {
        HttpRequest<Buffer> request = client.request(method, path);
        if (bearer != null) {
            request.bearerTokenAuthentication(bearer);
        }
        return request;
    }

    HttpResponse<Buffer> get(String path) {
        return await(request(HttpMethod.GET, path).send());
    }

    HttpResponse<Buffer> send(HttpMethod method, String path, String contentType, Buffer body) {
        HttpRequest<Buffer> request = request(method, path);
        if (contentType != null) {
            request.putHeader("Content-Type", contentType);
        }
        return await(request.sendBuffer(body));
    }

    /** Sends a multipart form (file uploads and fields) as browsers and curl -F do. */
    HttpResponse<Buffer> sendForm(String path, io.vertx.ext.web.multipart.MultipartForm form) {
        return await(request(HttpMethod.POST, path).sendMultipartForm(form));
    }

    /** The parts of a raw response a test looks at. */
    record RawResponse(int status, String requestId, String body) {
    }

    /** Sends {@code body} with chunked transfer encoding (no Content-Length), as streaming clients do. */
    RawResponse sendChunked(String path, String contentType, Buffer body) {
        HttpClient raw = vertx.createHttpClient();
        try {
            return await(raw.request(HttpMethod.POST, port, "127.0.0.1", path).compose(request -> {
                request.setChunked(true).putHeader("Content-Type", contentType);
                if (bearer != null) {
                    request.putHeader("Authorization", "Bearer " + bearer);
                }
                for (int offset = 0; offset < body.length(); offset += 1024) {
                    request.write(body.getBuffer(offset, Math.min(body.length(), offset + 1024)));
                }
                return request.send(Buffer.buffer()).compose(response -> response.body().map(text ->
                        new RawResponse(response.statusCode(), response.getHeader("X-Request-Id"),
                                text.toString())));
            }));
        } finally {
            await(raw.close());
        }
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonObject json(HttpResponse<Buffer> response) {
        return new JsonObject(response.bodyAsString());
    }

    @Override
    public void close() {
        client.close();
        await(vertx.close());
    }
}
