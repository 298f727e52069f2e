package io.lalo.bench;

import io.lalo.config.LaloConfig;
import io.lalo.governance.AccessRequest;
import io.lalo.governance.Decision;
import io.lalo.governance.Effect;
import io.lalo.governance.Policy;
import io.lalo.governance.PolicySet;
import io.lalo.governance.Principal;
import io.lalo.governance.Resource;
import io.lalo.governance.RoleHierarchy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * In-process policy decisions (what every request pays): one simple policy, twenty policies with attribute
 * conditions, a hierarchical role check, and a bulk of 100 requests. Sample mode, so JMH reports P50 and P99.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PolicyDecisionBenchmark {

    private RoleHierarchy roles;
    private PolicySet simple;
    private PolicySet twenty;
    private AccessRequest analystRequest;
    private AccessRequest teamRequest;
    private AccessRequest adminAsViewer;
    private List<AccessRequest> bulk;

    @Setup
    public void setUp() {
        roles = RoleHierarchy.of(LaloConfig.defaults().auth().roleHierarchy());
        simple = PolicySet.compile(List.of(new Policy("analysts-read", "", Effect.ALLOW, List.of("sql.select"),
                List.of("table:*"), "'analyst' in principal.roles", null, true)));
        List<Policy> policies = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            policies.add(new Policy("team-" + i, "", Effect.ALLOW, List.of("sql.select"), List.of("table:T" + i),
                    "principal.attributes.team == 'team" + i + "' && 'analyst' in principal.roles", null, true));
        }
        policies.add(new Policy("no-contractors", "", Effect.DENY, List.of("sql.*"), List.of("table:*"),
                "principal.attributes.contractor == 'true'", null, true));
        policies.add(new Policy("viewers-catalog", "", Effect.ALLOW, List.of("catalog.read"), List.of("*"),
                "'viewer' in principal.roles", null, true));
        twenty = PolicySet.compile(policies);
        Principal analyst = new Principal("ann", "acme", Set.of("analyst"),
                Map.of("team", "team11", "contractor", "false"));
        analystRequest = new AccessRequest(analyst, "sql.select", Resource.of("table", "ORDERS"), Map.of());
        teamRequest = new AccessRequest(analyst, "sql.select", Resource.of("table", "T11"), Map.of());
        adminAsViewer = new AccessRequest(new Principal("root", "acme", Set.of("admin"), Map.of()), "catalog.read",
                Resource.of("catalog", "all"), Map.of());
        bulk = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            bulk.add(new AccessRequest(analyst, "sql.select", Resource.of("table", "T" + (i % 20)), Map.of()));
        }
    }

    @Benchmark
    public Decision singleDecision_onePolicy() {
        return simple.evaluate(analystRequest, roles);
    }

    @Benchmark
    public Decision singleDecision_twentyPolicies() {
        return twenty.evaluate(teamRequest, roles);
    }

    @Benchmark
    public Decision hierarchicalRoleCheck() {
        return twenty.evaluate(adminAsViewer, roles);
    }

    @Benchmark
    public void bulkOfHundred(Blackhole sink) {
        for (AccessRequest request : bulk) {
            sink.consume(twenty.evaluate(request, roles));
        }
    }
}
