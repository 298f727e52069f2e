package io.lalo.edge.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * The events of every server-sent stream, kept for ten minutes in the grid's in-memory region
 * ({@code lalo_mcp_events}): a client whose stream broke reconnects — to any edge — with {@code GET /mcp} and
 * {@code Last-Event-ID}, and gets the events it missed, up to the call's response. Event ids are
 * {@code <stream>-<n>}; a stream belongs to the session it was opened in.
 */
final class McpEventLog {

    static final String CACHE = "lalo_mcp_events";
    static final long KEEP_MINUTES = 10;

    /** A stream's owner, the last event number written, and whether its final event is among them. */
    record Stream(String session, long last, boolean done) {
    }

    private final IgniteCache<String, String> events;
    private final IgniteCache<String, String> streams;

    McpEventLog(Ignite ignite, int backups) {
        CacheConfiguration<String, String> config = new CacheConfiguration<String, String>(CACHE)
                .setDataRegionName(io.lalo.grid.internal.IgniteConfigurationFactory.VOLATILE_REGION)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC).setBackups(backups)
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, KEEP_MINUTES)));
        this.events = ignite.getOrCreateCache(config);
        CacheConfiguration<String, String> streamConfig = new CacheConfiguration<String, String>(CACHE + "_streams")
                .setDataRegionName(io.lalo.grid.internal.IgniteConfigurationFactory.VOLATILE_REGION)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC).setBackups(backups)
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MINUTES, KEEP_MINUTES)));
        this.streams = ignite.getOrCreateCache(streamConfig);
    }

    void append(String stream, String session, long number, String message, boolean last) {
        events.put(stream + "#" + number, message);
        streams.put(stream, io.lalo.json.JsonRecords.write(new Stream(session, number, last)));
    }

    Optional<Stream> stream(String stream) {
        String json = streams.get(stream);
        return json == null ? Optional.empty() : Optional.of(io.lalo.json.JsonRecords.read(json, Stream.class));
    }

    /** The messages numbered {@code from} to {@code to}, in order (missing ones skipped). */
    List<String> read(String stream, long from, long to) {
        List<String> out = new ArrayList<>();
        for (long n = from; n <= to; n++) {
            String message = events.get(stream + "#" + n);
            if (message != null) {
                out.add(message);
            }
        }
        return out;
    }
}
