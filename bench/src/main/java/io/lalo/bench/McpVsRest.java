package io.lalo.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The same operation over REST and over MCP on a running LALO (demo schema), closed loop at rising concurrency:
 * a point lookup ({@code POST /v1/sql} vs the {@code sql_query} tool), and {@code tools/list}; then 1,000 MCP
 * sessions opened and each used once. Each concurrent caller is a client of its own with its own MCP session, as
 * separate assistants are.
 *
 * <pre>scripts/bench-mcp http://127.0.0.1:8080 ADMIN_KEY [seconds=10] [concurrency=1,4,16,64]</pre>
 */
public final class McpVsRest {

    private McpVsRest() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int[] levels = Arrays.stream((args.length > 3 ? args[3] : "1,4,16,64").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        System.out.printf(Locale.ROOT, "%-10s %5s %10s %8s %8s %8s%n", "operation", "conc", "req/s", "P50 ms", "P95 ms",
                "P99 ms");
        for (String operation : List.of("rest-point", "mcp-point", "mcp-list")) {
            measure(base, key, operation, 4, 2, false);
            for (int level : levels) {
                measure(base, key, operation, level, seconds, true);
            }
        }
        sessions(base, key, 1_000);
        System.exit(0);
    }

    private static void measure(String base, String key, String operation, int concurrency, int seconds,
                                boolean report) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(concurrency);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            results.add(callers.submit(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String session = operation.startsWith("mcp") ? initialize(http, base, key) : null;
                List<Long> latencies = new ArrayList<>();
                while (System.nanoTime() < end) {
                    HttpRequest request = request(base, key, operation, session);
                    long start = System.nanoTime();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    latencies.add(System.nanoTime() - start);
                    if (response.statusCode() != 200 || response.body().contains("\"isError\":true")) {
                        throw new IllegalStateException(operation + ": " + response.statusCode() + " "
                                + response.body());
                    }
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            all.addAll(result.get());
        }
        callers.shutdown();
        if (report) {
            all.sort(null);
            System.out.printf(Locale.ROOT, "%-10s %5d %10.0f %8.2f %8.2f %8.2f%n", operation, concurrency,
                    all.size() / (double) seconds, at(all, 0.50), at(all, 0.95), at(all, 0.99));
        }
    }

    private static HttpRequest request(String base, String key, String operation, String session) {
        int id = ThreadLocalRandom.current().nextInt(1, 100_001);
        String point = "\"sql\":\"SELECT id, status, total FROM orders WHERE id = ?\",\"params\":[" + id
                + "],\"cache\":false";
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + (session == null ? "/v1/sql" : "/mcp")))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json");
        if (session == null) {
            return builder.POST(HttpRequest.BodyPublishers.ofString("{" + point + "}")).build();
        }
        builder.header("MCP-Session-Id", session).header("Accept", "application/json, text/event-stream");
        String body = operation.equals("mcp-list") ? "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"
                : "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"sql_query\","
                + "\"arguments\":{" + point + "}}}";
        return builder.POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String initialize(HttpClient http, String base, String key) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/mcp"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                        + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.headers().firstValue("MCP-Session-Id").orElseThrow(() ->
                new IllegalStateException("initialize failed: " + response.body()));
    }

    /** Opens {@code count} sessions, then pings each: the server keeps them all. */
    private static void sessions(String base, String key, int count) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> ids = new ArrayList<>();
        List<Long> opening = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            ids.add(initialize(http, base, key));
            opening.add(System.nanoTime() - start);
        }
        List<Long> pinging = new ArrayList<>();
        for (String id : ids) {
            long start = System.nanoTime();
            HttpResponse<String> pong = http.send(HttpRequest.newBuilder(URI.create(base + "/mcp"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .header("MCP-Session-Id", id)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            pinging.add(System.nanoTime() - start);
            if (pong.statusCode() != 200) {
                throw new IllegalStateException("session lost: " + pong.statusCode());
            }
        }
        opening.sort(null);
        pinging.sort(null);
        System.out.printf(Locale.ROOT, "%d sessions open: initialize P50 %.2f ms P95 %.2f ms; ping on each P50 %.2f "
                + "ms P95 %.2f ms%n", count, at(opening, 0.5), at(opening, 0.95), at(pinging, 0.5),
                at(pinging, 0.95));
    }

    private static double at(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p))) / 1e6;
    }
}
