package io.lalo.edge;

import io.lalo.governance.Governance;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code GET /openapi.yaml}, the OpenAPI 3.1 description of every route, and {@code /docs}, Swagger UI served from
 * its webjar (no CDN) and pointed at that document.
 */
final class DocsRoutes {

    static final String OPENAPI_RESOURCE = "openapi.yaml";
    private static final String SWAGGER_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private final Buffer openApi = Buffer.buffer(read(OPENAPI_RESOURCE));
    private final String initializer = """
            window.onload = function () {
              window.ui = SwaggerUIBundle({
                url: "/openapi.yaml",
                dom_id: "#swagger-ui",
                deepLinking: true,
                presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                layout: "StandaloneLayout"
              });
            };
            """;

    private final Governance governance;

    DocsRoutes(Governance governance) {
        this.governance = governance;
    }

    void mount(Router router) {
        router.route("/openapi.yaml").handler(PolicyEnforcement.require(governance, "docs.read"));
        router.route("/docs*").handler(PolicyEnforcement.require(governance, "docs.read"));
        router.get("/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8")
                .end(openApi));
        router.get("/docs").handler(ctx -> {
            if (ctx.request().path().equals("/docs")) {
                ctx.redirect("/docs/");
            } else {
                ctx.next();
            }
        });
        router.get("/docs/swagger-initializer.js").handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/javascript; charset=utf-8")
                .end(initializer));
        router.get("/docs/*").handler(StaticHandler.create("META-INF/resources/webjars/swagger-ui/" + swaggerVersion())
                .setIndexPage("index.html"));
    }

    private static String swaggerVersion() {
        Properties properties = new Properties();
        try (InputStream in = DocsRoutes.class.getClassLoader().getResourceAsStream(SWAGGER_POM)) {
            if (in == null) {
                throw new IllegalStateException("swagger-ui webjar is missing from the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = DocsRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
