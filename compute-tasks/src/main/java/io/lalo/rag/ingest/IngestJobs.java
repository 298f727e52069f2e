package io.lalo.rag.ingest;

import io.lalo.grid.JavaForm;
import io.lalo.lifecycle.DaemonThreads;
import java.io.ObjectInputFilter;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.configuration.CacheConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Large documents are ingested in the background: the caller gets a job id at once and polls it. Jobs run on a
 * small bounded pool of this process (a full queue is refused, not queued without bound) and their state lives
 * in the grid for a day, so any edge can answer for them; a job whose node left is reported failed.
 */
public final class IngestJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestJobs.class);
    public static final String CACHE = "lalo_ingest_jobs";
    private static final ObjectInputFilter TYPES = JavaForm.allowing("io.lalo.rag.**");

    private final Ignite ignite;
    private final Ingestion ingestion;
    private final IgniteCache<String, byte[]> jobs;
    private final ThreadPoolExecutor executor;
    private final Clock clock;

    public IngestJobs(Ignite ignite, Ingestion ingestion, int backups, int threads, int queue, Clock clock) {
        this.ignite = ignite;
        this.ingestion = ingestion;
        this.clock = clock;
        this.jobs = ignite.getOrCreateCache(new CacheConfiguration<String, byte[]>(CACHE).setBackups(backups))
                .withExpiryPolicy(new CreatedExpiryPolicy(new Duration(TimeUnit.DAYS, 1)));
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                DaemonThreads.named("lalo-ingest-job"));
    }

    /** Queues an ingest; throws {@link RejectedExecutionException} when the queue is full. */
    public IngestJob submit(IngestRequest request) {
        String id = "job-" + UUID.randomUUID();
        var now = clock.instant();
        IngestJob job = new IngestJob(id, request.owner().id(), request.owner().tenant(), IngestJob.State.QUEUED, 0,
                0, null, null, null, ignite.cluster().localNode().id().toString(), now, now);
        jobs.put(id, JavaForm.encode(job));
        try {
            executor.execute(() -> run(job, request));
        } catch (RejectedExecutionException e) {
            jobs.remove(id);
            throw e;
        }
        return job;
    }

    private void run(IngestJob job, IngestRequest request) {
        IngestJob[] current = {job.withProgress(0, 0, clock.instant())};
        save(current[0]);
        try {
            IngestResult result = ingestion.ingest(request, (done, total) -> {
                current[0] = current[0].withProgress(done, total, clock.instant());
                save(current[0]);
            });
            save(current[0].succeeded(result, clock.instant()));
        } catch (InvalidDocumentException e) {
            save(current[0].failed(e.code(), e.getMessage(), clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("Ingest job {} failed", job.id(), e);
            Throwable cause = e.getCause() instanceof TimeoutException ? e.getCause() : e;
            save(current[0].failed("INGEST_FAILED", "The document could not be ingested: " + cause.getMessage(),
                    clock.instant()));
        }
    }

    private void save(IngestJob job) {
        jobs.put(job.id(), JavaForm.encode(job));
    }

    /** The job, as of now; an unfinished job whose node has left the cluster is reported failed. */
    public Optional<IngestJob> get(String id) {
        byte[] stored = jobs.get(id);
        if (stored == null) {
            return Optional.empty();
        }
        return JavaForm.decode(stored, IngestJob.class, TYPES).map(job -> {
            boolean nodeGone = !job.finished()
                    && ignite.cluster().node(UUID.fromString(job.nodeId())) == null;
            return nodeGone ? job.failed("NODE_LEFT", "The node running this job left the cluster; ingest again",
                    clock.instant()) : job;
        });
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
