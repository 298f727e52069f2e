package io.lalo.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code scripts/lalo} command run as a separate process, as a user runs it, with its output kept in a file.
 */
final class LaloProcess implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("lalo.root", "..")).toAbsolutePath().normalize();
    static final Path LAUNCHER = ROOT.resolve("scripts/lalo");

    private final Process process;
    private final Path output;

    private LaloProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Runs a command with {@code input} on its standard input, to completion. */
    static Result runWithInput(Path workDir, Map<String, String> env, String input, String... args) throws Exception {
        try (LaloProcess process = start(workDir, env, args)) {
            try (var stdin = process.process.getOutputStream()) {
                stdin.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            if (!process.process.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("lalo " + String.join(" ", args) + " did not finish: " + process.output());
            }
            return new Result(process.process.exitValue(), process.output());
        }
    }

    static LaloProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        Path output = Files.createTempFile(workDir, "lalo-" + args[0] + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(env);
        return new LaloProcess(builder.start(), output);
    }

    /** Runs a command to completion and returns its exit status and output. */
    static Result run(Path workDir, Map<String, String> env, String... args) throws Exception {
        try (LaloProcess process = start(workDir, env, args)) {
            if (!process.process.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("lalo " + String.join(" ", args) + " did not finish: " + process.output());
            }
            return new Result(process.process.exitValue(), process.output());
        }
    }

    record Result(int exitCode, String output) {
    }

    String output() throws IOException {
        return Files.readString(output);
    }

    Process process() {
        return process;
    }

    /** Waits until {@code url} answers 200, failing with the process output if it never does. */
    void awaitHttp200(String url, Duration timeout) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("lalo exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(url + " did not answer 200 within " + timeout + ":\n" + output());
    }

    /** Sends SIGTERM and waits for the process to end. */
    int terminate(Duration timeout) throws Exception {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("lalo did not stop within " + timeout + " of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
