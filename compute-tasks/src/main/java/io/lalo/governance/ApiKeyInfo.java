package io.lalo.governance;

import java.time.Instant;

/**
 * What the grid keeps about an API key: never the key itself, only its SHA-256 ({@code hash}), which is all that
 * is needed to recognise it again. {@code id} is the first 16 hex digits of that hash, so a presented key is found
 * with one lookup.
 *
 * @param id stable identifier, safe to show and log
 * @param name what the key is for
 * @param principal who the key acts as
 * @param hash hex SHA-256 of the key
 * @param createdAt creation time
 * @param createdBy principal id of the creator
 * @param revokedAt revocation time, or {@code null} while the key is valid
 * @param revokedBy principal id of the revoker, or {@code null}
 */
public record ApiKeyInfo(String id, String name, Principal principal, String hash, Instant createdAt,
                         String createdBy, Instant revokedAt, String revokedBy) {

    public boolean revoked() {
        return revokedAt != null;
    }

    ApiKeyInfo revoke(Instant at, String by) {
        return new ApiKeyInfo(id, name, principal, hash, createdAt, createdBy, at, by);
    }
}
