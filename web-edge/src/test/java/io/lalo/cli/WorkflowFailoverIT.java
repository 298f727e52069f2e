package io.lalo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A LALO process is killed (SIGKILL) in the middle of a workflow run: two {@code lalo start} processes form one
 * grid; the run's two parallel {@code llm.chat} tasks call an HTTP server speaking the chat-completions protocol,
 * one answering at once, the other held until its caller is dead. The surviving process takes the run over and
 * finishes it; the task whose answer was committed is not asked again.
 */
class WorkflowFailoverIT {

    @TempDir
    Path dir;

    HttpServer llm;
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final CountDownLatch slowAsked = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    java.util.concurrent.Callable<String> logs;

    @BeforeEach
    void standIn() throws Exception {
        llm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        llm.setExecutor(Executors.newCachedThreadPool());
        llm.createContext("/v1/chat/completions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String which = body.contains("slow part") ? "slow" : "fast";
            int call = calls.computeIfAbsent(which, k -> new AtomicInteger()).incrementAndGet();
            if (which.equals("slow") && call == 1) {
                slowAsked.countDown();
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] answer = ("{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"" + which
                    + " answer " + call + "\"}}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            try {
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (java.io.IOException callerGone) {
                // the process that asked was killed
            }
            exchange.close();
        });
        llm.start();
    }

    @AfterEach
    void stopStandIn() {
        release.countDown();
        llm.stop(0);
    }

    private Map<String, String> env(TestPorts ports) {
        Map<String, String> env = new HashMap<>();
        env.put("LALO_DISCOVERY_PORT", Integer.toString(ports.discovery()));
        env.put("LALO_DISCOVERY_ADDRESSES", "127.0.0.1:" + ports.discovery() + ".." + (ports.discovery() + 4));
        env.put("LALO_COMMUNICATION_PORT", Integer.toString(ports.communication()));
        env.put("LALO_CLIENT_CONNECTOR_PORT", Integer.toString(ports.clientConnector()));
        env.put("LALO_CLIENT_CONNECTOR_AUTHENTICATION", "false");
        env.put("LALO_EDGE_PORT", Integer.toString(ports.edge()));
        env.put("LALO_STORAGE_PERSISTENCE", "false");
        env.put("LALO_STORAGE_DATA_REGION_SIZE", "256m");
        env.put("LALO_CLUSTER_BACKUPS", "1");
        env.put("LALO_DEMO_ENABLED", "false");
        env.put("LALO_ADMIN_KEY", TestConfigs.ADMIN_KEY);
        env.put("LALO_WORKFLOW_LEASE_TIMEOUT", "5s");
        env.put("LALO_WORKFLOW_LLM_URL", "http://127.0.0.1:" + llm.getAddress().getPort() + "/v1/chat/completions");
        env.put("LALO_WORKFLOW_LLM_MODEL", "stand-in");
        env.put("LALO_JAVA_OPTS", "-Xmx384m");
        return env;
    }

    private JsonObject call(String method, String url, JsonObject body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestConfigs.ADMIN_KEY).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.encode()));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new AssertionError(method + " " + url + ": " + response.statusCode() + " " + response.body()
                    + (logs == null ? "" : "\n--- process logs ---\n" + logs.call()));
        }
        return new JsonObject(response.body());
    }

    @Test
    void killedProcess_itsRunIsFinishedByTheSurvivor_withoutAskingTheCommittedTaskAgain() throws Exception {
        TestPorts ports = TestPorts.allocate();
        Map<String, String> env = env(ports);
        String first = "http://127.0.0.1:" + ports.edge();
        String second = "http://127.0.0.1:" + (ports.edge() + 1);
        try (LaloProcess a = LaloProcess.start(dir, env, "start", "--data-dir", dir.resolve("a").toString());
             LaloProcess b = LaloProcess.start(dir, env, "start", "--port-offset", "1", "--data-dir",
                     dir.resolve("b").toString())) {
            logs = () -> a.output() + "\n---\n" + b.output();
            a.awaitHttp200(first + "/health/ready", Duration.ofSeconds(120));
            b.awaitHttp200(second + "/health/ready", Duration.ofSeconds(120));
            long joined = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!call("GET", second + "/health/ready", null).encode().contains("\"serverNodes\":2")
                    && System.nanoTime() < joined) {
                Thread.sleep(250);
            }
            call("POST", first + "/v1/workflows", new JsonObject("""
                    {"id": "twoasks", "entry": "start",
                     "state": {"fast": {"reducer": "last"}, "slow": {"reducer": "last"}, "done": {"reducer": "last"}},
                     "nodes": {
                       "start": {"type": "transform", "set": {"done": "false"}},
                       "fast": {"type": "llm.chat", "prompt": "'the fast part'", "output": "fast"},
                       "slow": {"type": "llm.chat", "prompt": "'the slow part'", "output": "slow"},
                       "merge": {"type": "transform", "set": {"done": "state.fast + ' / ' + state.slow"}}},
                     "edges": [{"from": "start", "to": ["fast", "slow"]}, {"join": ["fast", "slow"], "to": "merge"},
                               {"from": "merge", "to": "__end__"}]}"""));
            String thread = call("POST", first + "/v1/threads", new JsonObject()).getString("threadId");
            String runId = call("POST", first + "/v1/threads/" + thread + "/runs",
                    new JsonObject().put("workflow", "twoasks")).getString("runId");
            assertThat(slowAsked.await(60, TimeUnit.SECONDS)).as(a.output()).isTrue();
            long committed = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!call("GET", second + "/v1/threads/" + thread + "/state", null).getJsonArray("pendingWrites")
                    .contains("fast") && System.nanoTime() < committed) {
                Thread.sleep(100);
            }
            assertThat(call("GET", second + "/v1/threads/" + thread + "/state", null).getJsonArray("pendingWrites")
                    .getList()).as("the fast task's answer is committed").containsExactly("fast");

            long killedAt = System.nanoTime();
            a.process().destroyForcibly();
            assertThat(a.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            release.countDown();

            String run = second + "/v1/threads/" + thread + "/runs/" + runId;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            JsonObject record = call("GET", run, null);
            while (!"success".equals(record.getString("status")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                record = call("GET", run, null);
            }
            long recoveredMillis = (System.nanoTime() - killedAt) / 1_000_000;
            assertThat(record.getString("status")).as(b.output()).isEqualTo("success");
            assertThat(record.getInteger("recoveries")).isEqualTo(1);
            assertThat(recoveredMillis).as("resumed within 30 s of the kill").isLessThan(30_000);
            JsonObject state = call("GET", second + "/v1/threads/" + thread + "/state", null);
            assertThat(state.getJsonObject("values").getString("done")).isEqualTo("fast answer 1 / slow answer 2");
            assertThat(calls.get("fast")).as("the committed task was not asked again").hasValue(1);
            assertThat(calls.get("slow")).hasValue(2);
            System.out.println("run finished by the survivor " + recoveredMillis + " ms after the kill");
            assertThat(b.terminate(Duration.ofSeconds(60))).as(b.output()).isIn(0, 143);
        }
    }
}
