package io.lalo.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lalo.config.LaloConfig;
import io.lalo.grid.LaloNode;
import io.lalo.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.cache.Cache;
import org.apache.ignite.IgniteCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API keys in a two-node grid: hashed storage, authentication, revocation seen everywhere, bootstrap once. */
class ApiKeyStoreIT {

    @TempDir
    static Path dir;

    static TestCluster cluster;
    static LaloNode first;
    static LaloNode second;
    static ApiKeyStore onFirst;
    static ApiKeyStore onSecond;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(dir, 2, Map.of("admin.key", "", "cluster.baselineAutoAdjustTimeout", "60s"));
        first = cluster.node(0);
        second = cluster.node(1);
        // The second node stays outside the baseline for the whole test: it holds no data, yet must see it all.

        onFirst = new ApiKeyStore(first.ignite(), Clock.systemUTC());
        onSecond = new ApiKeyStore(second.ignite(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Principal analyst() {
        return new Principal("svc-1", "acme", Set.of("analyst"), Map.of("region", "emea"));
    }

    @Test
    void createdKey_authenticatesOnEveryNode_asItsPrincipal() throws Exception {
        NewApiKey created = onFirst.create("job", analyst(), "admin");
        Optional<ApiKeyInfo> found = onSecond.authenticate(created.key()).get();
        assertThat(found).map(ApiKeyInfo::principal).contains(analyst());
        assertThat(onSecond.authenticate(created.key() + "x").get()).isEmpty();
        assertThat(onSecond.authenticate("").get()).isEmpty();
        assertThat(onSecond.authenticate("lalo_" + "A".repeat(600)).get()).isEmpty();
    }

    @Test
    void gridHoldsOnlyTheHash_neverTheKey() {
        NewApiKey created = onFirst.create("secret-check", analyst(), "admin");
        IgniteCache<String, String> cache = first.ignite().cache(ApiKeyStore.CACHE);
        for (Cache.Entry<String, String> entry : cache) {
            assertThat(entry.getValue()).doesNotContain(created.key());
        }
        assertThat(cache.get(created.info().id())).contains(ApiKeyStore.hash(created.key()));
    }

    @Test
    void revokedOnOneNode_failsOnTheOtherAtOnce() throws Exception {
        NewApiKey created = onFirst.create("to-revoke", analyst(), "admin");
        assertThat(onSecond.authenticate(created.key()).get()).isPresent();
        assertThat(onFirst.revoke(created.info().id(), "admin")).map(ApiKeyInfo::revoked).contains(true);
        assertThat(onSecond.authenticate(created.key()).get()).isEmpty();
        assertThat(onSecond.list()).anyMatch(info -> info.id().equals(created.info().id()) && info.revoked());
        assertThat(onFirst.revoke("no-such-id", "admin")).isEmpty();
    }

    @Test
    void registeringTheSameKeyTwice_keepsOneRecord() {
        String key = "operator-supplied-key-0123456789-abcdefghijklmnop";
        NewApiKey once = onFirst.register(key, "ops", AdminKeyBootstrap.ADMIN, "system");
        NewApiKey twice = onSecond.register(key, "ops again", AdminKeyBootstrap.ADMIN, "system");
        assertThat(twice.info()).isEqualTo(once.info());
    }

    @Test
    void bootstrap_generatesOneKeyPerCluster_inAnOwnerOnlyFile() throws Exception {
        LaloConfig config = first.config();
        Optional<String> generated = AdminKeyBootstrap.ensure(first.ignite(), onFirst, config);
        assertThat(generated).isPresent();
        Path file = config.storage().dataDir().resolve(AdminKeyBootstrap.KEY_FILE);
        assertThat(Files.readString(file).strip()).isEqualTo(generated.get());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(onSecond.authenticate(generated.get()).get().map(ApiKeyInfo::principal))
                .contains(AdminKeyBootstrap.ADMIN);

        assertThat(AdminKeyBootstrap.ensure(second.ignite(), onSecond, second.config())).isEmpty();
        assertThat(AdminKeyBootstrap.ensure(first.ignite(), onFirst, config)).isEmpty();
    }
}
