package io.lalo.rag.embed;

import io.lalo.lifecycle.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one place embedding inference runs: a fixed pool sized to the cores with a bounded queue, so model work
 * never runs on an event loop or a grid thread and never piles up without bound (a full queue fails fast with
 * {@link EmbeddingBacklogException}). Large inputs are cut into batches that are queued one after another, so a
 * search query waits behind at most one batch per ingest in progress, not behind whole documents.
 */
public final class EmbeddingPool implements AutoCloseable {

    private final Embedder embedder;
    private final int batchSize;
    private final ThreadPoolExecutor executor;

    public EmbeddingPool(Embedder embedder, int threads, int batchSize, int queueCapacity) {
        this.embedder = embedder;
        this.batchSize = batchSize;
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), DaemonThreads.named("lalo-embed"));
    }

    public Embedder embedder() {
        return embedder;
    }

    /** Embeds one text (a search query). */
    public CompletableFuture<float[]> embedOne(String text) {
        return submit(List.of(text)).thenApply(vectors -> vectors.get(0));
    }

    /** Embeds many texts in batches, one batch queued at a time; the vectors come back in input order. */
    public CompletableFuture<List<float[]>> embedAll(List<String> texts) {
        return embedAll(texts, done -> { });
    }

    /** Like {@link #embedAll(List)}, telling {@code progress} how many texts are done after each batch. */
    public CompletableFuture<List<float[]>> embedAll(List<String> texts, java.util.function.IntConsumer progress) {
        List<float[]> out = new ArrayList<>(texts.size());
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
            chain = chain.thenCompose(ignored -> submit(batch)).thenAccept(vectors -> {
                out.addAll(vectors);
                progress.accept(out.size());
            });
        }
        return chain.thenApply(ignored -> out);
    }

    private CompletableFuture<List<float[]>> submit(List<String> batch) {
        try {
            return CompletableFuture.supplyAsync(() -> embedder.embed(batch), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(executor.isShutdown()
                    ? new IllegalStateException("the embedding pool is closed") : new EmbeddingBacklogException());
        }
    }

    /** Batches waiting for a thread. */
    public int queued() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        embedder.close();
    }
}
