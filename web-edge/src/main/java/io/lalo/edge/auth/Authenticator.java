package io.lalo.edge.auth;

import io.lalo.config.LaloConfig;
import io.lalo.edge.ApiException;
import io.lalo.governance.ApiKeyInfo;
import io.lalo.governance.ApiKeyStore;
import io.lalo.governance.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an {@code Authorization: Bearer …} header into a {@link Principal}: an API key ({@code lalo_…}, or an
 * operator-supplied admin key) is looked up by hash in the grid; anything shaped like a JWT is verified with the
 * configured HS256 secret or RS256 public key, and its {@code exp}, {@code nbf}, {@code iss} and {@code aud} are
 * checked. Every failure is a 401 carrying {@code WWW-Authenticate}, and never says which part was wrong beyond
 * what RFC 6750 allows.
 */
public final class Authenticator {

    private static final String REALM = "Bearer realm=\"lalo\"";

    private final Vertx vertx;
    private final ApiKeyStore apiKeys;
    private final Optional<JWTAuth> jwt;

    public Authenticator(Vertx vertx, ApiKeyStore apiKeys, LaloConfig.Auth config) {
        this.vertx = vertx;
        this.apiKeys = apiKeys;
        this.jwt = jwtAuth(vertx, config);
    }

    private static Optional<JWTAuth> jwtAuth(Vertx vertx, LaloConfig.Auth config) {
        JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(new JWTOptions()
                .setIssuer(config.jwtIssuer())
                .setAudience(List.of(config.jwtAudience())));
        boolean any = false;
        if (!config.jwtSecret().isEmpty()) {
            options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.jwtSecret()));
            any = true;
        }
        if (!config.jwtPublicKey().isEmpty()) {
            options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(config.jwtPublicKey()));
            any = true;
        }
        return any ? Optional.of(JWTAuth.create(vertx, options)) : Optional.empty();
    }

    /** Authenticates the value of an {@code Authorization} header ({@code null} when absent). */
    public Future<Principal> authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Future.failedFuture(unauthenticated("Credentials are required: send Authorization: Bearer <key>",
                    REALM));
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            return Future.failedFuture(invalid("Only Bearer credentials are accepted"));
        }
        String token = parts[1].trim();
        if (looksLikeJwt(token)) {
            return jwt.map(auth -> auth.authenticate(new TokenCredentials(token))
                            .map(user -> fromClaims(user.principal()))
                            .recover(failure -> Future.failedFuture(invalid("The token is not valid"))))
                    .orElseGet(() -> Future.failedFuture(invalid("JWT bearer tokens are not enabled")));
        }
        // The grid completes the lookup on one of its own threads; hop back to the caller's event loop.
        return Future.fromCompletionStage(apiKeys.authenticate(token), vertx.getOrCreateContext())
                .compose(found -> found.map(ApiKeyInfo::principal).map(Future::succeededFuture)
                        .orElseGet(() -> Future.failedFuture(invalid("The API key is not valid"))));
    }

    private static boolean looksLikeJwt(String token) {
        return !token.startsWith("lalo_") && token.chars().filter(c -> c == '.').count() == 2;
    }

    private static Principal fromClaims(JsonObject claims) {
        String subject = claims.getString("sub");
        if (subject == null || subject.isBlank()) {
            throw invalid("The token has no subject");
        }
        Set<String> roles = new HashSet<>();
        Object rawRoles = claims.getValue("roles");
        if (rawRoles instanceof JsonArray array) {
            array.forEach(role -> roles.add(String.valueOf(role)));
        }
        Map<String, String> attributes = new HashMap<>();
        Object rawAttributes = claims.getValue("attributes");
        if (rawAttributes instanceof JsonObject object) {
            object.forEach(entry -> attributes.put(entry.getKey(), String.valueOf(entry.getValue())));
        }
        Object tenant = claims.getValue("tenant");
        return new Principal(subject, tenant == null ? null : tenant.toString(), roles, attributes);
    }

    private static ApiException invalid(String message) {
        return unauthenticated(message, REALM + ", error=\"invalid_token\"");
    }

    private static ApiException unauthenticated(String message, String challenge) {
        return new ApiException(401, "UNAUTHENTICATED", message, Map.of(), Map.of("WWW-Authenticate", challenge));
    }
}
