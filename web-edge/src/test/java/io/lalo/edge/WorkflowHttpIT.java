package io.lalo.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lalo.testing.TestConfigs;
import io.lalo.testing.TestPorts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflows over real HTTP: definitions and their problems, threads, checkpointed runs, interrupts and resume. */
class WorkflowHttpIT {

    @TempDir
    static Path dir;

    static TestEdge lalo;
    static Http ann;
    static Http otto;
    static Http vic;

    static final JsonObject REFUND = new JsonObject("""
            {"id": "refund", "description": "Approve large refunds",
             "entry": "assess",
             "state": {"amount": {"reducer": "last"}, "log": {"reducer": "append", "default": []},
                       "approved": {"reducer": "last"}},
             "nodes": {
               "assess": {"type": "transform", "set": {"log": "'assessed ' + string(state.amount)"}},
               "approve": {"type": "approval", "prompt": "Refund more than 100?", "output": "approved"},
               "pay": {"type": "transform", "set": {"log": "has(state.approved) && state.approved == false ? 'held' : 'paid'"}}},
             "edges": [
               {"from": "assess", "when": [{"if": "state.amount > 100", "to": "approve"}], "else": "pay"},
               {"from": "approve", "to": "pay"},
               {"from": "pay", "to": "__end__"}]}
            """);

    @BeforeAll
    static void start() throws Exception {
        lalo = TestEdge.server(TestConfigs.config(TestPorts.allocate(), dir, 0,
                Map.of("workflow.maxStateBytes", "64k")));
        ann = lalo.clientAs("ann", "analyst", Map.of());
        otto = lalo.clientAs("otto", "analyst", Map.of());
        vic = lalo.clientAs("vic", "viewer", Map.of());
        HttpResponse<Buffer> created = post(ann, "/v1/workflows", REFUND);
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        lalo.workflows().types().register("nap", (node, state, context) -> {
            Thread.sleep(150);
            return Map.of("n", 1);
        });
        HttpResponse<Buffer> slow = post(ann, "/v1/workflows", new JsonObject(
                "{\"id\": \"slow\", \"entry\": \"nap\", \"state\": {\"n\": {\"reducer\": \"sum\", \"default\": 0}},"
                + " \"nodes\": {\"nap\": {\"type\": \"nap\"}}, \"recursionLimit\": 100,"
                + " \"edges\": [{\"from\": \"nap\", \"when\": [{\"if\": \"state.n >= 40\", \"to\": \"__end__\"}],"
                + " \"else\": \"nap\"}]}"));
        assertThat(slow.statusCode()).as(slow.bodyAsString()).isEqualTo(201);
        lalo.workflows().types().register("progress", (node, state, context) -> {
            for (int i = 1; i <= 3; i++) {
                context.emit(Map.of("done", i, "of", 3));
            }
            return Map.of("n", 1);
        });
        HttpResponse<Buffer> reporting = post(ann, "/v1/workflows", new JsonObject(
                "{\"id\": \"reporting\", \"entry\": \"work\", \"state\": {\"n\": {\"reducer\": \"sum\"}},"
                + " \"nodes\": {\"work\": {\"type\": \"progress\"}},"
                + " \"edges\": [{\"from\": \"work\", \"to\": \"__end__\"}]}"));
        assertThat(reporting.statusCode()).as(reporting.bodyAsString()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        lalo.close();
    }

    private static HttpResponse<Buffer> post(Http client, String path, JsonObject body) {
        return client.send(HttpMethod.POST, path, "application/json", body.toBuffer());
    }

    private static String newThread(Http client) {
        HttpResponse<Buffer> created = post(client, "/v1/threads", new JsonObject().put("metadata",
                new JsonObject().put("case", "t-1")));
        assertThat(created.statusCode()).isEqualTo(201);
        return Http.json(created).getString("threadId");
    }

    @Test
    void smallRefund_runsStraightThrough_andEveryStepIsCheckpointed() {
        String thread = newThread(ann);
        HttpResponse<Buffer> run = post(ann, "/v1/threads/" + thread + "/runs/wait",
                new JsonObject().put("workflow", "refund").put("input", new JsonObject().put("amount", 40)));
        assertThat(run.statusCode()).as(run.bodyAsString()).isEqualTo(200);
        JsonObject result = Http.json(run);
        assertThat(result.getString("status")).isEqualTo("success");
        assertThat(result.getJsonObject("values").getJsonArray("log")).containsExactly("assessed 40", "paid");
        assertThat(result.getInteger("steps")).isEqualTo(2);

        JsonObject state = Http.json(ann.get("/v1/threads/" + thread + "/state"));
        assertThat(state.getJsonObject("values").getJsonArray("log")).containsExactly("assessed 40", "paid");
        assertThat(state.getString("status")).isEqualTo("idle");
        JsonArray history = Http.json(ann.get("/v1/threads/" + thread + "/history")).getJsonArray("checkpoints");
        assertThat(history).hasSize(2);
        assertThat(history.getJsonObject(0).getJsonArray("next")).containsExactly("pay");
    }

    @Test
    void largeRefund_interrupts_thenResumesWithTheAnswer() {
        String thread = newThread(ann);
        JsonObject paused = Http.json(post(ann, "/v1/threads/" + thread + "/runs/wait",
                new JsonObject().put("workflow", "refund").put("input", new JsonObject().put("amount", 400))));
        assertThat(paused.getString("status")).isEqualTo("interrupted");
        assertThat(paused.getJsonObject("interrupt").getString("node")).isEqualTo("approve");
        assertThat(paused.getJsonObject("interrupt").getString("prompt")).isEqualTo("Refund more than 100?");
        assertThat(Http.json(ann.get("/v1/threads/" + thread)).getString("status")).isEqualTo("interrupted");

        HttpResponse<Buffer> runAgain = post(ann, "/v1/threads/" + thread + "/runs/wait",
                new JsonObject().put("workflow", "refund"));
        assertThat(runAgain.statusCode()).isEqualTo(409);
        assertThat(Http.json(runAgain).getJsonObject("error").getString("message")).contains("resume it");

        JsonObject resumed = Http.json(post(ann, "/v1/threads/" + thread + "/runs/wait",
                new JsonObject().put("resume", false)));
        assertThat(resumed.getString("status")).isEqualTo("success");
        assertThat(resumed.getJsonObject("values").getJsonArray("log")).containsExactly("assessed 400", "held");
        assertThat(resumed.getJsonObject("values").getBoolean("approved")).isFalse();

        HttpResponse<Buffer> resumeIdle = post(ann, "/v1/threads/" + thread + "/runs/wait",
                new JsonObject().put("resume", true));
        assertThat(resumeIdle.statusCode()).isEqualTo(409);
        assertThat(Http.json(resumeIdle).getJsonObject("error").getString("code")).isEqualTo("THREAD_STATE");
    }

    /** The events of a server-sent-event body, as (name, data) pairs in order. */
    static List<Map.Entry<String, String>> events(String body) {
        List<Map.Entry<String, String>> events = new java.util.ArrayList<>();
        for (String frame : body.split("\n\n")) {
            String name = null;
            String data = null;
            for (String line : frame.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            if (name != null) {
                events.add(Map.entry(name, data));
            }
        }
        return events;
    }

    @Test
    void streamedRun_sendsEachStep_thenTheResult() {
        String thread = newThread(ann);
        HttpResponse<Buffer> response = post(ann, "/v1/threads/" + thread + "/runs/stream", new JsonObject()
                .put("workflow", "refund").put("input", new JsonObject().put("amount", 40))
                .put("streamMode", "debug"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).isEqualTo("text/event-stream");
        List<Map.Entry<String, String>> events = events(response.bodyAsString());
        assertThat(events).extracting(Map.Entry::getKey).containsExactly("metadata", "updates", "values", "debug",
                "updates", "values", "debug", "result", "end");
        assertThat(new JsonObject(events.get(1).getValue()).getJsonObject("updates").getJsonObject("assess")
                .getString("log")).isEqualTo("assessed 40");
        assertThat(new JsonObject(events.get(5).getValue()).getJsonArray("log")).containsExactly("assessed 40",
                "paid");
        assertThat(new JsonObject(events.get(7).getValue()).getString("status")).isEqualTo("success");

        HttpResponse<Buffer> refused = post(ann, "/v1/threads/" + thread + "/runs/stream",
                new JsonObject().put("resume", true));
        assertThat(refused.statusCode()).as("refused before the stream opens").isEqualTo(409);
        assertThat(post(ann, "/v1/threads/" + thread + "/runs/stream", new JsonObject().put("workflow", "refund")
                .put("streamMode", "everything")).statusCode()).isEqualTo(400);
    }

    @Test
    void backgroundRun_isPolled_toItsEnd() {
        String thread = newThread(ann);
        HttpResponse<Buffer> accepted = post(ann, "/v1/threads/" + thread + "/runs",
                new JsonObject().put("workflow", "refund").put("input", new JsonObject().put("amount", 7)));
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        String location = accepted.getHeader("Location");
        assertThat(location).startsWith("/v1/threads/" + thread + "/runs/");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Http.json(ann.get(location)).getString("status").equals("success"));
        assertThat(Http.json(ann.get(location)).getInteger("steps")).isEqualTo(2);
        assertThat(Http.json(ann.get("/v1/threads/" + thread + "/state")).getJsonObject("values")
                .getJsonArray("log")).containsExactly("assessed 7", "paid");
        assertThat(post(ann, location + "/cancel", new JsonObject()).statusCode()).as("already ended")
                .isEqualTo(409);
        assertThat(ann.get("/v1/threads/" + thread + "/runs/nope").statusCode()).isEqualTo(404);
        assertThat(otto.get(location).statusCode()).as("another user's run").isEqualTo(404);
    }

    @Test
    void runningRun_isCancelledBeforeItsNextStep_andTheThreadTakesNoSecondRun() {
        String thread = newThread(ann);
        HttpResponse<Buffer> accepted = post(ann, "/v1/threads/" + thread + "/runs",
                new JsonObject().put("workflow", "slow"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String location = accepted.getHeader("Location");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Http.json(ann.get(location)).getString("status").equals("running"));
        HttpResponse<Buffer> second = post(ann, "/v1/threads/" + thread + "/runs",
                new JsonObject().put("workflow", "slow"));
        assertThat(second.statusCode()).as("one run at a time").isEqualTo(409);
        assertThat(post(ann, location + "/cancel", new JsonObject()).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Http.json(ann.get(location)).getString("status").equals("interrupted"));
        JsonObject run = Http.json(ann.get(location));
        assertThat(run.getString("error")).isEqualTo("cancelled");
        assertThat(Http.json(ann.get("/v1/threads/" + thread)).getString("status")).as("a cancelled run leaves its "
                + "thread idle, at its last checkpoint").isEqualTo("idle");
        assertThat(run.getInteger("steps")).isLessThan(40);
        JsonObject state = Http.json(ann.get("/v1/threads/" + thread + "/state"));
        assertThat(state.getJsonObject("values").getLong("n")).isEqualTo(run.getInteger("steps").longValue());
        assertThat(post(ann, "/v1/threads/" + thread + "/runs/wait", new JsonObject().put("workflow", "refund")
                .put("input", new JsonObject().put("amount", 1))).statusCode()).as("the thread is free again")
                .isEqualTo(200);
    }

    @Test
    void invalidDefinitions_areRefused_withEveryProblemNamed() {
        JsonObject broken = REFUND.copy().put("id", "broken");
        broken.getJsonObject("nodes").put("ghost", new JsonObject().put("type", "teleport"));
        broken.getJsonArray("edges").add(new JsonObject().put("from", "pay").put("to", "nowhere"));
        broken.getJsonObject("nodes").getJsonObject("assess").put("set", new JsonObject().put("log", "state.amount +"));
        HttpResponse<Buffer> refused = post(ann, "/v1/workflows", broken);
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonObject error = Http.json(refused).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("INVALID_WORKFLOW");
        List<String> where = error.getJsonObject("details").getJsonArray("problems").stream()
                .map(p -> ((JsonObject) p).getString("where")).toList();
        assertThat(where).contains("nodes.ghost.type", "edges[3].to", "nodes.assess.set.log");
        assertThat(ann.get("/v1/workflows/broken").statusCode()).isEqualTo(404);
    }

    @Test
    void versions_accumulate_andRunsCanPinOne() {
        JsonObject v1 = new JsonObject("""
                {"id": "greet", "entry": "hi", "state": {"text": {"reducer": "last"}},
                 "nodes": {"hi": {"type": "transform", "set": {"text": "'hello'"}}},
                 "edges": [{"from": "hi", "to": "__end__"}]}""");
        assertThat(post(ann, "/v1/workflows", v1).statusCode()).isEqualTo(201);
        JsonObject v2 = v1.copy();
        v2.getJsonObject("nodes").getJsonObject("hi").put("set", new JsonObject().put("text", "'good day'"));
        assertThat(Http.json(post(ann, "/v1/workflows", v2)).getInteger("version")).isEqualTo(2);
        assertThat(Http.json(ann.get("/v1/workflows/greet/versions")).getJsonArray("versions")).hasSize(2);
        String thread = newThread(ann);
        JsonObject pinned = Http.json(post(ann, "/v1/threads/" + thread + "/runs/wait",
                new JsonObject().put("workflow", "greet").put("version", 1)));
        assertThat(pinned.getJsonObject("values").getString("text")).isEqualTo("hello");
        JsonObject latest = Http.json(post(ann, "/v1/threads/" + thread + "/runs/wait",
                new JsonObject().put("workflow", "greet")));
        assertThat(latest.getJsonObject("values").getString("text")).isEqualTo("good day");
    }

    @Test
    void badRequests_getClear4xx() {
        String thread = newThread(ann);
        assertThat(post(ann, "/v1/threads/nope/runs/wait", new JsonObject().put("workflow", "refund")).statusCode())
                .isEqualTo(404);
        assertThat(post(ann, "/v1/threads/" + thread + "/runs/wait", new JsonObject().put("workflow", "missing"))
                .statusCode()).isEqualTo(404);
        assertThat(post(ann, "/v1/threads/" + thread + "/runs/wait", new JsonObject().put("workflow", "refund")
                .put("colour", 1)).statusCode()).isEqualTo(400);
        assertThat(post(ann, "/v1/threads/" + thread + "/runs/wait", new JsonObject()).statusCode()).isEqualTo(400);
        assertThat(post(ann, "/v1/threads/" + thread + "/runs/wait", new JsonObject().put("resume", 1)
                .put("input", new JsonObject())).statusCode()).isEqualTo(400);
        JsonObject wrongType = Http.json(post(ann, "/v1/threads/" + thread + "/runs/wait",
                new JsonObject().put("workflow", "refund").put("input", new JsonObject().put("nope", 1))));
        assertThat(wrongType.getString("status")).isEqualTo("error");
        assertThat(wrongType.getString("error")).contains("unknown state channel 'nope'");
        assertThat(otto.get("/v1/threads/" + thread).statusCode()).as("another user's thread").isEqualTo(404);
        assertThat(post(vic, "/v1/workflows", REFUND).statusCode()).as("viewers cannot define").isEqualTo(403);
        assertThat(ann.send(HttpMethod.POST, "/v1/workflows", "application/json", Buffer.buffer("[1]"))
                .statusCode()).isEqualTo(400);
    }

    @Test
    void threadState_isUpdatedAsANode_forked_andContinued() {
        String thread = newThread(ann);
        String base = "/v1/threads/" + thread;
        JsonObject paused = Http.json(post(ann, base + "/runs/wait", new JsonObject().put("workflow", "refund")
                .put("input", new JsonObject().put("amount", 500))));
        assertThat(paused.getString("status")).isEqualTo("interrupted");

        HttpResponse<Buffer> edited = post(ann, base + "/state", new JsonObject().put("values",
                new JsonObject().put("amount", 450)));
        assertThat(edited.statusCode()).as(edited.bodyAsString()).isEqualTo(200);
        assertThat(Http.json(edited).getJsonArray("next")).containsExactly("approve");
        assertThat(Http.json(ann.get(base)).getString("status")).isEqualTo("interrupted");

        JsonObject asNode = Http.json(post(ann, base + "/state", new JsonObject().put("asNode", "approve")
                .put("values", new JsonObject().put("approved", false))));
        assertThat(asNode.getJsonArray("next")).containsExactly("pay");
        assertThat(Http.json(ann.get(base)).getString("status")).isEqualTo("idle");
        JsonObject continued = Http.json(post(ann, base + "/runs/wait", new JsonObject().put("workflow", "refund")
                .put("continue", true)));
        assertThat(continued.getString("status")).isEqualTo("success");
        assertThat(continued.getJsonObject("values").getJsonArray("log")).containsExactly("assessed 500", "held");

        HttpResponse<Buffer> forked = post(ann, base + "/state", new JsonObject().put("checkpoint", 0)
                .put("values", new JsonObject().put("amount", 7)));
        assertThat(forked.statusCode()).as(forked.bodyAsString()).isEqualTo(201);
        String fork = Http.json(forked).getString("threadId");
        assertThat(fork).isNotEqualTo(thread);
        JsonObject forkState = Http.json(ann.get("/v1/threads/" + fork + "/state"));
        assertThat(forkState.getJsonObject("values").getInteger("amount")).isEqualTo(7);
        assertThat(forkState.getJsonObject("values").getJsonArray("log")).containsExactly("assessed 500");
        assertThat(Http.json(ann.get(base + "/state")).getJsonObject("values").getJsonArray("log"))
                .as("the original is untouched").containsExactly("assessed 500", "held");

        assertThat(post(ann, base + "/state", new JsonObject().put("asNode", "ghost").put("values",
                new JsonObject().put("amount", 1))).statusCode()).isEqualTo(400);
        assertThat(post(ann, base + "/state", new JsonObject().put("values", new JsonObject().put("nope", 1)))
                .statusCode()).isEqualTo(400);
        assertThat(post(ann, base + "/state", new JsonObject().put("checkpoint", 99)).statusCode()).isEqualTo(400);
        assertThat(post(ann, base + "/state", new JsonObject()).statusCode()).isEqualTo(400);
        assertThat(post(ann, base + "/state", new JsonObject().put("colour", 1)).statusCode()).isEqualTo(400);
        assertThat(post(otto, base + "/state", new JsonObject().put("values", new JsonObject().put("amount", 1)))
                .statusCode()).as("another user's thread").isEqualTo(404);
        String fresh = newThread(ann);
        assertThat(post(ann, "/v1/threads/" + fresh + "/state", new JsonObject().put("values",
                new JsonObject().put("amount", 1))).statusCode()).as("nothing to update yet").isEqualTo(409);
    }

    @Test
    void streamModes_customAndValues_sendOnlyWhatWasAskedFor() {
        String thread = newThread(ann);
        HttpResponse<Buffer> response = post(ann, "/v1/threads/" + thread + "/runs/stream", new JsonObject()
                .put("workflow", "reporting").put("streamMode", new JsonArray().add("custom").add("values")));
        assertThat(response.statusCode()).isEqualTo(200);
        String body = response.bodyAsString();
        assertThat(body.split("event: custom\n", -1)).hasSize(4);
        assertThat(body).contains("\"done\":1").contains("\"done\":3").contains("event: values")
                .doesNotContain("event: updates").contains("event: result");
        assertThat(post(ann, "/v1/threads/" + thread + "/runs/stream", new JsonObject().put("workflow", "reporting")
                .put("streamMode", "tokens")).statusCode()).isEqualTo(400);
    }

    @Test
    void oversizedInput_is413_beforeAnythingRuns() {
        String thread = newThread(ann);
        HttpResponse<Buffer> refused = post(ann, "/v1/threads/" + thread + "/runs/wait", new JsonObject()
                .put("workflow", "refund").put("input", new JsonObject().put("amount", 1)
                        .put("log", "x".repeat(70_000))));
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(Http.json(refused).getJsonObject("error").getString("code")).isEqualTo("STATE_TOO_LARGE");
        assertThat(Http.json(ann.get("/v1/threads/" + thread)).getInteger("lastStep")).isEqualTo(-1);
        HttpResponse<Buffer> tooBigUpdate = post(ann, "/v1/threads/" + thread + "/state", new JsonObject()
                .put("values", new JsonObject().put("log", "y".repeat(70_000))));
        assertThat(tooBigUpdate.statusCode()).isEqualTo(413);
    }

    @Test
    void multitaskStrategies_andRunOptions_overHttp() {
        String thread = newThread(ann);
        String runs = "/v1/threads/" + thread + "/runs";
        HttpResponse<Buffer> first = post(ann, runs, new JsonObject().put("workflow", "slow")
                .put("durability", "async"));
        assertThat(first.statusCode()).isEqualTo(202);
        HttpResponse<Buffer> queued = post(ann, runs, new JsonObject().put("workflow", "refund")
                .put("input", new JsonObject().put("amount", 3)).put("multitaskStrategy", "enqueue"));
        assertThat(queued.statusCode()).as(queued.bodyAsString()).isEqualTo(202);
        assertThat(Http.json(queued).getString("status")).isEqualTo("pending");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Http.json(ann.get(queued.getHeader("Location"))).getString("status").equals("success"));
        assertThat(Http.json(ann.get(first.getHeader("Location"))).getString("status")).isEqualTo("success");
        assertThat(Http.json(ann.get("/v1/threads/" + thread + "/state")).getJsonObject("values")
                .getJsonArray("log")).containsExactly("assessed 3", "paid");

        assertThat(post(ann, runs + "/wait", new JsonObject().put("workflow", "refund")
                .put("multitaskStrategy", "enqueue")).statusCode()).as("enqueue is for background runs")
                .isEqualTo(400);
        assertThat(post(ann, runs, new JsonObject().put("workflow", "refund").put("multitaskStrategy", "later"))
                .statusCode()).isEqualTo(400);
        assertThat(post(ann, runs, new JsonObject().put("workflow", "refund").put("durability", "eventually"))
                .statusCode()).isEqualTo(400);
        assertThat(post(ann, runs, new JsonObject().put("workflow", "refund").put("timeoutMs", 0))
                .statusCode()).isEqualTo(400);
        assertThat(post(ann, runs + "/wait", new JsonObject().put("workflow", "refund").put("continue", true)
                .put("input", new JsonObject())).statusCode()).isEqualTo(400);

        HttpResponse<Buffer> timed = post(ann, "/v1/threads/" + newThread(ann) + "/runs", new JsonObject()
                .put("workflow", "slow").put("timeoutMs", 400));
        assertThat(timed.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Http.json(ann.get(timed.getHeader("Location"))).getString("status").equals("timeout"));
    }
}
