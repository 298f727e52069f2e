package io.lalo.bench;

import io.lalo.audit.AuditEvent;
import io.lalo.audit.AuditLog;
import io.lalo.grid.LaloNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The audit trail on a real persistent grid node (LOG_ONLY WAL): what a request pays to record a decision ({@code append}), and
 * how long a batch of 1,000 events takes to be chained and written ({@code appendAndFlush1000}).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = "@config/jvm.options")
@State(Scope.Benchmark)
public class AuditBenchmark {

    private LaloNode node;
    private AuditLog log;

    @Setup(Level.Trial)
    public void start() throws Exception {
        node = BenchGrid.start("1g", true);
        log = new AuditLog(node.ignite(), 0, 2_000_000, Duration.ofMillis(5));
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        log.close();
        node.stopAsync().get();
    }

    private static AuditEvent event() {
        return AuditEvent.of(Instant.now(), "ann", "acme", "sql.select", "table:ORDERS", "allow",
                List.of("analysts-query-data"), "req", "Allowed by analysts-query-data", false);
    }

    /** Drains what earlier iterations queued, so every measured append is accepted into an empty queue. */
    @Setup(Level.Iteration)
    public void drain() throws InterruptedException {
        log.flush(Duration.ofSeconds(120));
    }

    /**
     * The request-path cost of one append, with percentiles: short iterations (10 ms, about 100,000 appends) so
     * the queue never fills, drained between iterations; a refused append fails the benchmark.
     */
    @Benchmark
    @Warmup(iterations = 5, time = 10, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = 20, time = 10, timeUnit = TimeUnit.MILLISECONDS)
    public void append() {
        if (!log.append(event())) {
            throw new IllegalStateException("audit queue full");
        }
    }

    /**
     * The request-path cost: one shot is 100,000 appends (score / 100,000 = cost of one). An append the queue
     * refuses fails the benchmark instead of being counted as a fast one.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5, batchSize = 100_000)
    @Measurement(iterations = 10, batchSize = 100_000)
    public void append100k() {
        if (!log.append(event())) {
            throw new IllegalStateException("audit queue full");
        }
    }

    @Benchmark
    @Measurement(iterations = 5, time = 4)
    public long appendAndFlush1000() throws InterruptedException {
        for (int i = 0; i < 1_000; i++) {
            log.append(event());
        }
        log.flush(Duration.ofSeconds(30));
        return log.written();
    }
}
