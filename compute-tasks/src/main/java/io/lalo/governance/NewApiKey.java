package io.lalo.governance;

/**
 * A key just created: the only moment its plain text exists outside the client. The caller shows it once and
 * forgets it.
 */
public record NewApiKey(ApiKeyInfo info, String key) {

    @Override
    public String toString() {
        return "NewApiKey[" + info.id() + "]";
    }
}
