package io.lalo.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit writer of one process. {@link #append} only puts the event in a bounded queue, so the request path
 * never waits for the grid; one writer thread takes events in batches, chains them (sequence number and previous
 * hash), and writes each batch with one {@code putAll} followed by the chain's new head. A failed write is retried,
 * never dropped. {@link #close} drains the queue, so a graceful shutdown loses nothing.
 *
 * <p>Each process writes its own chain, named after the node and its id, so chains never interleave and a chain
 * can be verified on its own.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int BATCH = 512;

    private final Ignite ignite;
    private final IgniteCache<String, BinaryObject> events;
    private final IgniteCache<String, String> heads;
    private final BlockingQueue<AuditEvent> queue;
    private final Duration flushInterval;
    private final String chain;
    private final Thread writer;
    private final Object flushed = new Object();
    private volatile boolean running = true;
    private long seq;
    private String lastHash = AuditEvent.GENESIS;
    private long written;
    private final AtomicLong accepted = new AtomicLong();

    public AuditLog(Ignite ignite, int backups, int capacity, Duration flushInterval) {
        this.ignite = ignite;
        this.events = AuditTables.events(ignite, backups);
        this.heads = AuditTables.heads(ignite);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.flushInterval = flushInterval;
        this.chain = ignite.name() + "-" + ignite.cluster().localNode().id().toString().substring(0, 8);
        this.writer = new Thread(this::writeLoop, "lalo-audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** The chain this process writes. */
    public String chain() {
        return chain;
    }

    /**
     * Queues an event; returns false, without blocking, when the queue is full (the caller should refuse the
     * request rather than act unaudited).
     */
    public boolean append(AuditEvent event) {
        if (running && queue.offer(event)) {
            accepted.incrementAndGet();
            return true;
        }
        return false;
    }

    /** Waits until every event queued before this call is written; for tests and orderly shutdown. */
    public void flush(Duration timeout) throws InterruptedException {
        // Counted at append, so events the writer has already taken into a batch are waited for too.
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (flushed) {
            while (written < target && System.nanoTime() < deadline) {
                flushed.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        }
    }

    /** Events written by this process so far. */
    public long written() {
        synchronized (flushed) {
            return written;
        }
    }

    private void writeLoop() {
        List<AuditEvent> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    AuditEvent first = queue.poll(flushInterval.toMillis(), TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Audit write failed, retrying: {}", e.toString());
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void write(List<AuditEvent> batch) {
        Map<String, BinaryObject> rows = new LinkedHashMap<>();
        long nextSeq = seq;
        String previous = lastHash;
        for (AuditEvent event : batch) {
            AuditEvent placed = event.chained(chain, ++nextSeq, previous);
            rows.put(AuditTables.key(chain, placed.seq()), AuditTables.toRow(ignite, placed));
            previous = placed.hash();
        }
        events.putAll(rows);
        heads.put(chain, nextSeq + ":" + previous);
        seq = nextSeq;
        lastHash = previous;
        synchronized (flushed) {
            written += batch.size();
            flushed.notifyAll();
        }
    }

    /** Stops taking events, writes every queued one, then stops the writer. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            LOG.error("{} audit events could not be written before shutdown", queue.size());
        }
    }
}
