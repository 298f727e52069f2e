package io.lalo.governance;

import io.lalo.config.LaloConfig;
import io.lalo.grid.GridRole;
import io.lalo.grid.LaloNode;
import io.lalo.lifecycle.LaloComponent;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The governance component: identities (API keys, role hierarchy) and policies over the grid, and the
 * {@link #decide} entry point every module calls. Started after the grid node; on a server node it also makes sure
 * the cluster has an admin key ({@link AdminKeyBootstrap}) and, on its first start, the default policies.
 */
public final class Governance implements LaloComponent {

    private final LaloNode node;
    private final LaloConfig config;
    private final RoleHierarchy roles;
    private volatile ApiKeyStore apiKeys;
    private volatile PolicyStore policies;
    private volatile Optional<String> generatedAdminKey = Optional.empty();

    public Governance(LaloNode node) {
        this.node = node;
        this.config = node.config();
        this.roles = RoleHierarchy.of(config.auth().roleHierarchy());
    }

    @Override
    public String name() {
        return "governance";
    }

    @Override
    public CompletableFuture<Void> startAsync() {
        return LaloComponent.runOnOwnThread("lalo-governance-start", () -> {
            apiKeys = new ApiKeyStore(node.ignite(), Clock.systemUTC());
            policies = new PolicyStore(node.ignite(), Clock.systemUTC());
            policies.start();
            if (node.role() == GridRole.SERVER) {
                generatedAdminKey = AdminKeyBootstrap.ensure(node.ignite(), apiKeys, config);
                policies.seedDefaults();
            }
        });
    }

    @Override
    public CompletableFuture<Void> stopAsync() {
        PolicyStore store = policies;
        if (store != null) {
            store.close();
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Decides a request against the policies in force on this node; pure in-memory work, safe on any thread. */
    public Decision decide(AccessRequest request) {
        return policies().current().evaluate(request, roles);
    }

    public PolicyStore policies() {
        PolicyStore store = policies;
        if (store == null) {
            throw new IllegalStateException("governance is not started");
        }
        return store;
    }

    public ApiKeyStore apiKeys() {
        ApiKeyStore store = apiKeys;
        if (store == null) {
            throw new IllegalStateException("governance is not started");
        }
        return store;
    }

    public RoleHierarchy roles() {
        return roles;
    }

    public LaloConfig.Auth authConfig() {
        return config.auth();
    }

    /** The admin key this start generated, to be shown once; empty when none was generated. */
    public Optional<String> generatedAdminKey() {
        return generatedAdminKey;
    }
}
