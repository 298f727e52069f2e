package io.lalo.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop load on {@code POST /v1/sql} or {@code POST /v1/rag/search} of a running LALO: requests are sent on a fixed schedule whatever the
 * answers' speed, and latency is measured from each request's scheduled time, so a slow server cannot hide its
 * queueing (no coordinated omission). Workloads on the demo schema: {@code point} (a lookup by a random order id)
 * and {@code join} (a join with GROUP BY over a random status), both with the result cache bypassed, and
 * {@code join-cached} (the same join answered by the result cache after its first run), at each rate in turn.
 * RAG workloads on the demo handbook: {@code rag} (hybrid search, every query different, so never cached) and
 * {@code rag-cached} (50 frequent questions asked over and over, answered by the search cache). MCP workloads on
 * {@code /mcp}, one session: {@code mcp-point} (the {@code point} lookup as a {@code sql_query} tool call, to set
 * against {@code point} over REST) and {@code mcp-list} ({@code tools/list}).
 *
 * <pre>scripts/load-sql http://127.0.0.1:8080 ADMIN_KEY [rates=50,100,200,400] [seconds=10] [point,join]
 * scripts/load-rag http://127.0.0.1:8080 ADMIN_KEY [rates=100,500,1000] [seconds=10] [rag,rag-cached]
 * scripts/load-sql http://127.0.0.1:8080 ADMIN_KEY 50,200,800 10 point,mcp-point,mcp-list</pre>
 */
public final class EdgeHttpLoad {

    private static final String[] STATUSES = {"DELIVERED", "SHIPPED", "PROCESSING", "CANCELLED", "RETURNED"};

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: load-sql|load-rag BASE_URL API_KEY [RATES=50,100,200,400] [SECONDS=10] "
                    + "[WORKLOADS=point,join | rag,rag-cached]");
            System.exit(2);
        }
        String base = args[0];
        String key = args[1];
        List<Integer> rates = new ArrayList<>();
        for (String rate : (args.length > 2 ? args[2] : "50,100,200,400").split(",")) {
            rates.add(Integer.parseInt(rate.trim()));
        }
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        List<String> workloads = args.length > 4 ? List.of(args[4].split(",")) : List.of("point", "join");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(8)).build();
        System.out.printf(Locale.ROOT, "%-12s %6s %9s %9s %9s %9s %7s%n", "workload", "rate", "achieved", "P50 ms",
                "P95 ms", "P99 ms", "errors");
        for (String workload : workloads) {
            run(http, base, key, workload, 20, 3, false);
            for (int rate : rates) {
                run(http, base, key, workload, rate, seconds, true);
            }
        }
        System.exit(0);
    }

    private static final String[] TOPICS = {"refunds", "returns", "exchanges", "shipping", "express delivery",
        "tracking numbers", "loyalty points", "gold members", "silver members", "store credit", "data retention",
        "customer e-mail addresses", "order records", "incident reviews", "on-call engineer"};
    private static final String[] ASKS = {"How long do %s take?", "What is the policy on %s?",
        "Who handles %s?", "When do %s expire?"};

    private static String path(String workload) {
        return workload.startsWith("mcp") ? "/mcp" : workload.startsWith("rag") ? "/v1/rag/search" : "/v1/sql";
    }

    private static String body(String workload) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (workload.equals("mcp-list")) {
            return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
        }
        if (workload.equals("mcp-point")) {
            return "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"sql_query\","
                    + "\"arguments\":{\"sql\":\"SELECT id, status, total FROM orders WHERE id = ?\",\"params\":["
                    + random.nextInt(1, 100_001) + "],\"cache\":false}}}";
        }
        if (workload.startsWith("rag")) {
            String question;
            if (workload.equals("rag-cached")) {
                int frequent = random.nextInt(50);
                question = String.format(ASKS[frequent % ASKS.length], TOPICS[frequent % TOPICS.length]);
            } else {
                question = String.format(ASKS[random.nextInt(ASKS.length)], TOPICS[random.nextInt(TOPICS.length)])
                        + " (case " + random.nextInt(1_000_000_000) + ")";
            }
            return "{\"query\":\"" + question + "\",\"k\":5}";
        }
        if (workload.equals("point")) {
            return "{\"sql\":\"SELECT id, status, total FROM orders WHERE id = ?\",\"params\":[" + random.nextInt(1,
                    100_001) + "],\"cache\":false}";
        }
        return "{\"sql\":\"SELECT r.name, COUNT(*) AS n, SUM(o.total) AS revenue FROM orders o JOIN regions r "
                + "ON r.id = o.region_id WHERE o.status = ? GROUP BY r.name\",\"params\":[\""
                + STATUSES[random.nextInt(STATUSES.length)] + "\"],\"cache\":" + workload.equals("join-cached") + "}";
    }

    private static void run(HttpClient http, String base, String key, String workload, int rate, int seconds,
                            boolean report) throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        java.util.Map<String, Integer> kinds = new java.util.concurrent.ConcurrentHashMap<>();
        List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        int total = rate * seconds;
        AtomicInteger sent = new AtomicInteger();
        // One MCP session per workload, as one assistant keeps one.
        String session = workload.startsWith("mcp") ? McpVsRest.initialize(http, base, key) : null;
        scheduler.scheduleAtFixedRate(() -> {
            int index = sent.getAndIncrement();
            if (index >= total) {
                return;
            }
            long scheduled = start + index * periodNanos;
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path(workload)))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json");
            if (session != null) {
                builder.header("MCP-Session-Id", session).header("Accept", "application/json, text/event-stream");
            }
            HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofString(body(workload))).build();
            inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                latencies.add(System.nanoTime() - scheduled);
                if (e != null || r.statusCode() != 200) {
                    errors.incrementAndGet();
                    Throwable cause = e != null && e.getCause() != null ? e.getCause() : e;
                    kinds.merge(cause != null ? cause.getClass().getSimpleName() + ": " + cause.getMessage()
                            : "HTTP " + r.statusCode(), 1, Integer::sum);
                }
            }));
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        while (sent.get() < total) {
            Thread.sleep(50);
        }
        scheduler.shutdownNow();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!report) {
            return;
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%-12s %6d %9.1f %9.2f %9.2f %9.2f %7d%n", workload, rate,
                sorted.size() / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.95),
                percentile(sorted, 0.99), errors.get());
        if (!kinds.isEmpty()) {
            System.out.println("  errors: " + kinds);
        }
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p))) / 1e6;
    }
}
