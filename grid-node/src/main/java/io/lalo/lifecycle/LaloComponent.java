package io.lalo.lifecycle;

import java.util.concurrent.CompletableFuture;

/**
 * A part of LALO with a lifetime: the grid node, the HTTP edge, later the embedder pool and the workflow runtime.
 * Components are started in order and stopped in reverse order by {@link LifecycleManager}; a component that is
 * stopping refuses new work.
 */
public interface LaloComponent {

    /** A short name for logs, e.g. {@code grid-node}. */
    String name();

    /** Starts the component; the future completes when it is ready to serve. */
    CompletableFuture<Void> startAsync();

    /** Stops the component, letting in-flight work finish within its own bound. Safe to call more than once. */
    CompletableFuture<Void> stopAsync();

    /**
     * Runs blocking start or stop work on a thread of its own, so the caller (a lifecycle manager or a signal
     * handler) is never blocked by it and can apply its own time bound.
     */
    static CompletableFuture<Void> runOnOwnThread(String threadName, Runnable work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                work.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, threadName);
        thread.start();
        return done;
    }
}
