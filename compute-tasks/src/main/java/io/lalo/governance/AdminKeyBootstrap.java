package io.lalo.governance;

import io.lalo.config.LaloConfig;
import io.lalo.grid.ClusterMeta;
import io.lalo.grid.OwnerOnlyFile;
import java.util.Optional;
import org.apache.ignite.Ignite;

/**
 * Makes sure a new cluster can be administered. With {@code LALO_ADMIN_KEY} set, that key is registered as an
 * admin key (idempotently). Otherwise the first server node of the cluster generates one key, once: it is written
 * to {@code DATA_DIR/admin.key}, readable only by its owner, and handed back so the launcher can print it once.
 */
public final class AdminKeyBootstrap {

    static final String MARKER = "auth.bootstrap";
    public static final String KEY_FILE = "admin.key";
    public static final Principal ADMIN = Principal.of("admin", "admin");

    private AdminKeyBootstrap() {
    }

    /** Returns the generated key when this call created it, empty otherwise. */
    public static Optional<String> ensure(Ignite ignite, ApiKeyStore keys, LaloConfig config) {
        String supplied = config.auth().adminKey();
        if (!supplied.isEmpty()) {
            keys.register(supplied, "bootstrap admin (LALO_ADMIN_KEY)", ADMIN, "system");
            return Optional.empty();
        }
        String claim = ignite.cluster().localNode().id().toString();
        if (!ClusterMeta.cache(ignite).putIfAbsent(MARKER, claim)) {
            return Optional.empty();
        }
        NewApiKey key = keys.create("bootstrap admin", ADMIN, "system");
        OwnerOnlyFile.write(config.storage().dataDir().resolve(KEY_FILE), key.key());
        return Optional.of(key.key());
    }
}
