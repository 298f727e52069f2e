package io.lalo.grid;

import io.lalo.config.LaloConfig;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.cache.query.SqlFieldsQuery;
import org.apache.ignite.client.ClientAuthenticationException;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;

/**
 * Closes the thin-client door Ignite leaves open: with authentication on, a new cluster's only user is
 * {@code ignite} with the well-known password {@code ignite}. On first activation LALO logs in with it once and
 * changes it — to {@code clientConnector.password}, or to a generated password written to
 * {@code DATA_DIR/thin-client.password} (owner-only) and handed back to be printed once. Ignite keeps users in its
 * persistent metastore, so this happens once per cluster; later starts find the default refused and do nothing.
 *
 * <p>User management must come from a client session (Ignite refuses it on behalf of a node), hence the thin
 * client to this node's own connector.
 */
public final class ThinClientPassword {

    public static final String USER = "ignite";
    public static final String FILE = "thin-client.password";
    private static final String IGNITE_DEFAULT = "ignite";
    static final String MARKER = "thin-client.bootstrap";

    private ThinClientPassword() {
    }

    /** Returns the generated password when this call set one, empty otherwise. */
    static Optional<String> ensure(Ignite ignite, LaloConfig config) {
        LaloConfig.ClientConnector connector = config.clientConnector();
        if (!connector.enabled() || !connector.authentication()) {
            return Optional.empty();
        }
        boolean generated = connector.password().isEmpty();
        // One node per cluster generates the password; with a configured one every node may set it (same value).
        if (generated && !ClusterMeta.cache(ignite).putIfAbsent(MARKER, ignite.cluster().localNode().id().toString())) {
            return Optional.empty();
        }
        ClientConfiguration login = new ClientConfiguration()
                .setAddresses(config.node().host() + ":" + connector.port())
                .setUserName(USER)
                .setUserPassword(IGNITE_DEFAULT);
        try (IgniteClient client = Ignition.startClient(login)) {
            String password = generated ? generate() : connector.password();
            if (generated) {
                OwnerOnlyFile.write(config.storage().dataDir().resolve(FILE), password);
            }
            client.query(new SqlFieldsQuery("ALTER USER \"" + USER + "\" WITH PASSWORD '" + password.replace("'", "''")
                    + "'"))
                    .getAll();
            return generated ? Optional.of(password) : Optional.empty();
        } catch (ClientAuthenticationException alreadyChanged) {
            return Optional.empty();
        }
    }

    private static String generate() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
