package io.lalo.edge.mcp;

import io.lalo.json.JsonRecords;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * MCP sessions in the grid ({@code lalo_mcp_sessions}), so any edge can serve any session: the negotiated protocol
 * revision, who opened it (a session answers only to that principal), the client's name, capabilities, the log
 * level it set and its subscriptions. A session not used for an hour expires.
 */
final class McpSessions {

    static final String CACHE = "lalo_mcp_sessions";
    static final long IDLE_MINUTES = 60;

    /** One session. */
    record Session(String id, String protocolVersion, String principal, String tenant, String client,
                   String logLevel, String createdAt, java.util.List<String> subscriptions,
                   java.util.List<String> clientCapabilities) {

        Session {
            subscriptions = subscriptions == null ? java.util.List.of() : java.util.List.copyOf(subscriptions);
            clientCapabilities = clientCapabilities == null ? java.util.List.of()
                    : java.util.List.copyOf(clientCapabilities);
        }

        Session withLogLevel(String level) {
            return new Session(id, protocolVersion, principal, tenant, client, level, createdAt, subscriptions,
                    clientCapabilities);
        }

        Session with(String uri) {
            java.util.Set<String> uris = new java.util.TreeSet<>(subscriptions);
            uris.add(uri);
            return new Session(id, protocolVersion, principal, tenant, client, logLevel, createdAt,
                    java.util.List.copyOf(uris), clientCapabilities);
        }

        Session without(String uri) {
            return new Session(id, protocolVersion, principal, tenant, client, logLevel, createdAt,
                    subscriptions.stream().filter(u -> !u.equals(uri)).toList(), clientCapabilities);
        }
    }

    private final IgniteCache<String, String> sessions;
    private final Clock clock;

    McpSessions(Ignite ignite, int backups, Clock clock) {
        this.clock = clock;
        // In memory, beside the rate limiter's counters: every request reads its session (and the read renews the
        // idle timeout), which in the persistent region would be a WAL write per request. A session lost to a
        // restart or to eviction is answered 404, and the client opens a new one, as the protocol says.
        this.sessions = ignite.getOrCreateCache(new CacheConfiguration<String, String>(CACHE)
                .setDataRegionName(io.lalo.grid.internal.IgniteConfigurationFactory.VOLATILE_REGION)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC).setBackups(backups)
                .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, IDLE_MINUTES))));
    }

    Session open(String protocolVersion, String principal, String tenant, String client,
                 java.util.List<String> clientCapabilities) {
        Session session = new Session(UUID.randomUUID().toString(), protocolVersion, principal, tenant, client,
                "info", clock.instant().toString(), java.util.List.of(), clientCapabilities);
        sessions.put(session.id(), JsonRecords.write(session));
        return session;
    }

    Optional<Session> get(String id) {
        String json = sessions.get(id);
        return json == null ? Optional.empty() : Optional.of(JsonRecords.read(json, Session.class));
    }

    void save(Session session) {
        sessions.put(session.id(), JsonRecords.write(session));
    }

    boolean close(String id) {
        return sessions.remove(id);
    }

    /** How many sessions are open in the cluster. */
    long size() {
        return sessions.sizeLong(org.apache.ignite.cache.CachePeekMode.PRIMARY);
    }
}
