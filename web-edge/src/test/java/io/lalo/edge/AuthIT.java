package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials at the edge: API keys (create, use, list, revoke), JWTs (HS256, RS256) and every way they fail. */
class AuthIT {

    static final String JWT_SECRET = "jwt-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

    @TempDir
    static Path dir;

    static TestEdge lalo;
    static Http admin;
    static Http anonymous;
    static Vertx signerVertx;
    static JWTAuth hs256;
    static JWTAuth rs256;
    static JWTAuth wrongKey;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0, Map.of(
                "auth.jwtSecret", JWT_SECRET,
                "auth.jwtPublicKey", pem("PUBLIC KEY", pair.getPublic().getEncoded()))));
        admin = new Http(lalo.port());
        anonymous = new Http(lalo.port(), null);
        signerVertx = Vertx.vertx();
        hs256 = JWTAuth.create(signerVertx, new JWTAuthOptions().addPubSecKey(
                new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(JWT_SECRET)));
        rs256 = JWTAuth.create(signerVertx, new JWTAuthOptions().addPubSecKey(
                new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(pem("PRIVATE KEY", pair.getPrivate().getEncoded()))));
        wrongKey = JWTAuth.create(signerVertx, new JWTAuthOptions().addPubSecKey(
                new PubSecKeyOptions().setAlgorithm("HS256").setBuffer("another-secret-0123456789-abcdefghijklmnopqrst")));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Http http : new Http[] {admin, anonymous}) {
            if (http != null) {
                http.close();
            }
        }
        if (signerVertx != null) {
            Http.await(signerVertx.close());
        }
        if (lalo != null) {
            lalo.close();
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void assertUnauthenticated(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer realm=\"lalo\"");
        assertThat(Http.json(response).getJsonObject("error").getString("code")).isEqualTo("UNAUTHENTICATED");
    }

    private static HttpResponse<Buffer> withBearer(String token, HttpMethod method, String path) {
        try (Http http = new Http(lalo.port(), token)) {
            return http.send(method, path, null, Buffer.buffer());
        }
    }

    private static JsonObject claims(String subject) {
        return new JsonObject().put("sub", subject).put("roles", new JsonArray(List.of("analyst")))
                .put("tenant", "acme").put("attributes", new JsonObject().put("region", "emea"));
    }

    private static JWTOptions valid() {
        return new JWTOptions().setIssuer("lalo").setAudience(List.of("lalo")).setExpiresInSeconds(300);
    }

    @Test
    void everyRouteButHealth_needsCredentials() {
        for (String path : new String[] {"/v1/me", "/metrics", "/openapi.yaml", "/docs/", "/v1/admin/api-keys",
                "/no/such/route"}) {
            assertUnauthenticated(anonymous.get(path));
        }
        assertThat(anonymous.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/v1/me").getHeader("WWW-Authenticate")).doesNotContain("error=");
    }

    @Test
    void wrongOrUnknownCredentials_get401WithInvalidToken() {
        for (String header : new String[] {"Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer lalo_doesnotexist0000000000",
                "Bearer not-a-key", "Bearer a.b.c"}) {
            HttpResponse<Buffer> response = Http.await(anonymous.request(HttpMethod.GET, "/v1/me")
                    .putHeader("Authorization", header).send());
            assertUnauthenticated(response);
        }
        HttpResponse<Buffer> unknown = withBearer("lalo_" + "x".repeat(43), HttpMethod.GET, "/v1/me");
        assertUnauthenticated(unknown);
        assertThat(unknown.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void adminKey_createsAKey_thatWorksOnce_isListedWithoutSecret_andStopsWhenRevoked() {
        JsonObject request = new JsonObject().put("name", "reporting job").put("principal", new JsonObject()
                .put("id", "svc-reports").put("tenant", "acme").put("roles", new JsonArray(List.of("analyst")))
                .put("attributes", new JsonObject().put("region", "emea")));
        HttpResponse<Buffer> created = admin.send(HttpMethod.POST, "/v1/admin/api-keys", "application/json",
                request.toBuffer());
        assertThat(created.statusCode()).isEqualTo(201);
        JsonObject body = Http.json(created);
        String key = body.getString("key");
        String id = body.getString("id");
        assertThat(key).startsWith("lalo_").hasSizeGreaterThan(40);
        assertThat(created.getHeader("Location")).isEqualTo("/v1/admin/api-keys/" + id);

        try (Http analyst = new Http(lalo.port(), key)) {
            JsonObject me = Http.json(analyst.get("/v1/me"));
            assertThat(me.getString("id")).isEqualTo("svc-reports");
            assertThat(me.getString("tenant")).isEqualTo("acme");
            assertThat(me.getJsonObject("attributes").getString("region")).isEqualTo("emea");
            assertThat(me.getJsonArray("effectiveRoles").getList()).containsExactlyInAnyOrder("analyst", "viewer");

            HttpResponse<Buffer> forbidden = analyst.get("/v1/admin/api-keys");
            assertThat(forbidden.statusCode()).isEqualTo(403);
            JsonObject error = Http.json(forbidden).getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("FORBIDDEN");
            assertThat(error.getJsonObject("details").getString("action")).isEqualTo("admin.apikeys.list");
            assertThat(error.getJsonObject("details").getString("reason")).contains("No policy allows");
            assertThat(error.getJsonObject("details").getJsonArray("policyIds")).isEmpty();
            assertThat(forbidden.bodyAsString()).doesNotContain("svc-reports\",\"tenant");

            String listed = admin.get("/v1/admin/api-keys").bodyAsString();
            assertThat(listed).contains(id).contains("reporting job").doesNotContain(key).doesNotContain("hash");
            assertThat(admin.get("/v1/admin/api-keys/" + id).bodyAsString()).doesNotContain(key);

            HttpResponse<Buffer> revoked = admin.send(HttpMethod.DELETE, "/v1/admin/api-keys/" + id, null,
                    Buffer.buffer());
            assertThat(revoked.statusCode()).isEqualTo(200);
            assertThat(Http.json(revoked).getString("revokedBy")).isEqualTo("admin");
            assertUnauthenticated(analyst.get("/v1/me"));
        }
        assertThat(admin.send(HttpMethod.DELETE, "/v1/admin/api-keys/0000000000000000", null, Buffer.buffer())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void badCreateRequests_get400NamingTheField() {
        Map<String, String> cases = Map.of(
                "{not json", "body",
                "[1,2]", "body",
                "{\"principal\":{\"id\":\"x\"}}", "name",
                "{\"name\":\"k\"}", "principal",
                "{\"name\":\"k\",\"principal\":{\"id\":\"x\",\"roles\":[\"superuser\"]}}", "principal.roles",
                "{\"name\":\"k\",\"principal\":{\"id\":\"x\",\"roles\":\"admin\"}}", "roles",
                "{\"name\":42,\"principal\":{\"id\":\"x\"}}", "name",
                "{\"name\":\"k\",\"principal\":{\"id\":\"bad id with spaces\"}}", "principal.id",
                "{\"name\":\"k\",\"principal\":{\"id\":\"x\",\"attributes\":{\"a\":{\"nested\":1}}}}", "attributes.a");
        cases.forEach((body, field) -> {
            HttpResponse<Buffer> response = admin.send(HttpMethod.POST, "/v1/admin/api-keys", "application/json",
                    Buffer.buffer(body));
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            JsonObject error = Http.json(response).getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("BAD_REQUEST");
            assertThat(error.getJsonObject("details").getString("field")).as(body).isEqualTo(field);
        });
    }

    @Test
    void hs256Jwt_withValidClaims_authenticates() {
        String token = hs256.generateToken(claims("alice"), valid());
        JsonObject me = Http.json(withBearer(token, HttpMethod.GET, "/v1/me"));
        assertThat(me.getString("id")).isEqualTo("alice");
        assertThat(me.getString("tenant")).isEqualTo("acme");
        assertThat(me.getJsonObject("attributes").getString("region")).isEqualTo("emea");
        assertThat(me.getJsonArray("effectiveRoles").getList()).containsExactlyInAnyOrder("analyst", "viewer");
    }

    @Test
    void rs256Jwt_withValidClaims_authenticates() {
        String token = rs256.generateToken(claims("bob"), valid().setAlgorithm("RS256"));
        assertThat(Http.json(withBearer(token, HttpMethod.GET, "/v1/me")).getString("id")).isEqualTo("bob");
    }

    @Test
    void jwt_expiredNotYetValidWrongIssuerAudienceOrSignature_get401() {
        long now = System.currentTimeMillis() / 1000;
        assertUnauthenticated(withBearer(hs256.generateToken(claims("a").put("exp", now - 60),
                new JWTOptions().setIssuer("lalo").setAudience(List.of("lalo"))), HttpMethod.GET, "/v1/me"));
        assertUnauthenticated(withBearer(hs256.generateToken(claims("a").put("nbf", now + 3600), valid()),
                HttpMethod.GET, "/v1/me"));
        assertUnauthenticated(withBearer(hs256.generateToken(claims("a"),
                valid().setIssuer("someone-else")), HttpMethod.GET, "/v1/me"));
        assertUnauthenticated(withBearer(hs256.generateToken(claims("a"),
                valid().setAudience(List.of("other-service"))), HttpMethod.GET, "/v1/me"));
        assertUnauthenticated(withBearer(wrongKey.generateToken(claims("a"), valid()), HttpMethod.GET, "/v1/me"));
        assertUnauthenticated(withBearer(hs256.generateToken(new JsonObject().put("roles", new JsonArray()),
                valid()), HttpMethod.GET, "/v1/me"));
    }
}
