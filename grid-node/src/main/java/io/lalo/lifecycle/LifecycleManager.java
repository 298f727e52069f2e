package io.lalo.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts components in the order given and stops the started ones in reverse order, so the edge stops taking
 * requests before the grid node it depends on leaves the cluster. If a start fails, what was already started is
 * stopped again before the failure is reported.
 */
public final class LifecycleManager {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleManager.class);

    private final Deque<LaloComponent> started = new ArrayDeque<>();
    private boolean stopping;

    /** Starts each component in turn, waiting up to {@code timeoutPerComponent} seconds for each. */
    public synchronized void startAll(List<? extends LaloComponent> components, long timeoutSeconds) {
        if (stopping) {
            throw new IllegalStateException("stopping");
        }
        for (LaloComponent component : components) {
            try {
                component.startAsync().get(timeoutSeconds, TimeUnit.SECONDS);
                started.push(component);
                LOG.debug("started {}", component.name());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopAll(timeoutSeconds);
                throw new IllegalStateException("interrupted while starting " + component.name(), e);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                stopAll(timeoutSeconds);
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("could not start " + component.name() + ": " + cause, cause);
            }
        }
    }

    /** Stops every started component in reverse start order; failures are logged, never thrown. */
    public synchronized void stopAll(long timeoutSeconds) {
        stopping = true;
        while (!started.isEmpty()) {
            LaloComponent component = started.pop();
            try {
                CompletableFuture<Void> stop = component.stopAsync();
                stop.get(timeoutSeconds, TimeUnit.SECONDS);
                LOG.debug("stopped {}", component.name());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("interrupted while stopping {}", component.name());
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("{} did not stop cleanly: {}", component.name(), e.toString());
            }
        }
    }
}
