package io.lalo.bench;

import io.lalo.audit.AuditEvent;
import io.lalo.audit.AuditLog;
import io.lalo.audit.AuditQueries;
import io.lalo.audit.ComplianceReport;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The compliance report over a large audit trail (1,000,000 events by default, written through the real audit
 * writer: 200 principals, a tenth of them denied, a few admin changes).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsPrepend = {"@config/jvm.options", "-Xmx6g"})
@State(Scope.Benchmark)
public class ComplianceReportBenchmark {

    @Param("1000000")
    public int events;

    private LaloNode node;
    private AuditQueries queries;
    private Instant from;
    private Instant to;

    @Setup(Level.Trial)
    public void start() throws Exception {
        node = BenchGrid.start("4g", false);
        from = Instant.now();
        try (AuditLog log = new AuditLog(node.ignite(), 0, events + 1, Duration.ofMillis(5))) {
            for (int i = 0; i < events; i++) {
                boolean deny = i % 10 == 0;
                String action = i % 10_000 == 0 ? "admin.apikeys.create" : "sql.select";
                log.append(AuditEvent.of(Instant.now(), "user-" + (i % 200), "acme", action, "table:ORDERS",
                        deny ? "deny" : "allow", List.of(deny ? "no-salaries" : "analysts-query-data"), "r" + i,
                        "", i % 50 == 0));
            }
        }
        to = Instant.now().plusSeconds(1);
        queries = new AuditQueries(node.ignite(), 0);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        node.stopAsync().get();
    }

    @Benchmark
    public ComplianceReport report() {
        return queries.report(from, to);
    }
}
