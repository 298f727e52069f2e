package io.lalo.cli;

import io.lalo.governance.AdminKeyBootstrap;
import io.lalo.rag.ingest.DocumentFormat;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code lalo ingest PATH...}: uploads files, and the supported files found under folders (text, Markdown, HTML,
 * PDF), to a running edge's {@code POST /v1/documents}, with a progress bar. A file's id comes from its path, so
 * ingesting a folder again replaces changed files and leaves unchanged ones alone. Large files become background
 * jobs on the server; their progress is followed until they finish. Exits 1 when any file failed.
 */
public final class IngestCommand {

    static final String USAGE = """
            Usage: lalo ingest [OPTIONS] PATH...

            Uploads files and folders (recursively: .txt .md .html .htm .pdf) to LALO's document store.

            Options:
              --url URL        the edge (default LALO_URL or http://127.0.0.1:8080)
              --key KEY        API key (default LALO_API_KEY, else DATA_DIR/admin.key)
              --data-dir DIR   where to find admin.key (default LALO_STORAGE_DATA_DIR or ./data)
              --tags A,B       tags for every document
              --source TEXT    source for every document (default: the file's path)
              --users A,B      only these users may read the documents
              --groups A,B     only these groups may read the documents
              --help           show this help
            """;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    IngestCommand(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        System.exit(new IngestCommand(System.out, System.err, System.console() != null).run(args, System.getenv()));
    }

    /** Runs the command; returns the exit status. */
    int run(String[] args, Map<String, String> env) {
        Options options;
        try {
            options = Options.parse(args, env);
        } catch (UsageException e) {
            err.println("lalo ingest: " + e.getMessage());
            err.print(USAGE);
            return Lalo.EXIT_USAGE;
        }
        if (options == null) {
            out.print(USAGE);
            return 0;
        }
        List<Path[]> files = new ArrayList<>();
        int failed = 0;
        for (Path path : options.paths()) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).filter(f -> DocumentFormat.ofFileName(f.toString()).isPresent())
                            .sorted().forEach(f -> files.add(new Path[] {path, f}));
                } catch (IOException e) {
                    err.println("lalo ingest: cannot read " + path + ": " + e.getMessage());
                    failed++;
                }
            } else if (Files.isRegularFile(path)) {
                files.add(new Path[] {path.toAbsolutePath().getParent(), path});
            } else {
                err.println("lalo ingest: no such file or folder: " + path);
                failed++;
            }
        }
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        long chunks = 0;
        for (int i = 0; i < files.size(); i++) {
            Path root = files.get(i)[0];
            Path file = files.get(i)[1];
            progress(i, files.size(), file.getFileName().toString());
            try {
                JsonObject result = upload(options, root, file);
                outcomes.merge(result.getString("outcome"), 1, Integer::sum);
                chunks += result.getInteger("chunks", 0);
                line(String.format("%s  %s (%d chunks)", file, result.getString("outcome"),
                        result.getInteger("chunks", 0)));
            } catch (IngestFailure | IOException e) {
                failed++;
                line(String.format("%s  FAILED: %s", file, e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        progress(files.size(), files.size(), "");
        if (terminal) {
            err.println();
        }
        out.printf("%d file(s): %s, %d failed; %d chunks%n", files.size(),
                outcomes.isEmpty() ? "none ingested" : outcomes.toString().replaceAll("[{}]", ""), failed, chunks);
        return failed == 0 ? 0 : 1;
    }

    private JsonObject upload(Options options, Path root, Path file)
            throws IOException, InterruptedException, IngestFailure {
        DocumentFormat format = DocumentFormat.ofFileName(file.toString())
                .orElseThrow(() -> new IngestFailure("not a .txt, .md, .html or .pdf file"));
        Path relative = root.toAbsolutePath().relativize(file.toAbsolutePath());
        Map<String, String> query = new LinkedHashMap<>();
        query.put("id", idFor(relative));
        if (format == DocumentFormat.TEXT || format == DocumentFormat.PDF) {
            query.put("title", file.getFileName().toString());
        }
        query.put("source", options.source() != null ? options.source() : relative.toString());
        Optional.ofNullable(options.tags()).ifPresent(tags -> query.put("tags", tags));
        Optional.ofNullable(options.users()).ifPresent(users -> query.put("users", users));
        Optional.ofNullable(options.groups()).ifPresent(groups -> query.put("groups", groups));
        StringBuilder uri = new StringBuilder(options.url()).append("/v1/documents?");
        query.forEach((k, v) -> uri.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                .append('&'));
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri.substring(0, uri.length() - 1)))
                .timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + options.key())
                .header("Content-Type", format.mediaType())
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build();
        HttpResponse<String> response = send(request);
        JsonObject body = json(response);
        if (response.statusCode() == 202) {
            return follow(options, body.getString("id"), file);
        }
        if (response.statusCode() >= 300) {
            throw new IngestFailure(error(response, body));
        }
        return body;
    }

    private JsonObject follow(Options options, String jobId, Path file)
            throws IOException, InterruptedException, IngestFailure {
        while (true) {
            HttpRequest poll = HttpRequest.newBuilder(URI.create(options.url() + "/v1/documents/jobs/" + jobId))
                    .header("Authorization", "Bearer " + options.key()).GET().build();
            HttpResponse<String> response = send(poll);
            JsonObject job = json(response);
            if (response.statusCode() != 200) {
                throw new IngestFailure(error(response, job));
            }
            switch (job.getString("state")) {
                case "succeeded" -> {
                    return job.getJsonObject("document");
                }
                case "failed" -> throw new IngestFailure(job.getJsonObject("error").getString("message"));
                default -> {
                    if (terminal) {
                        err.printf("\r  %s: embedded %d/%d chunks   ", file.getFileName(),
                                job.getInteger("embeddedChunks"), job.getInteger("totalChunks"));
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws InterruptedException, IngestFailure {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IngestFailure("cannot reach " + request.uri().getHost() + ":" + request.uri().getPort()
                    + " (" + e.getClass().getSimpleName() + "); is LALO running?");
        }
    }

    private static JsonObject json(HttpResponse<String> response) {
        try {
            return new JsonObject(response.body());
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }

    private static String error(HttpResponse<String> response, JsonObject body) {
        JsonObject error = body.getJsonObject("error");
        return "HTTP " + response.statusCode() + (error == null ? "" : " " + error.getString("code") + ": "
                + error.getString("message"));
    }

    /** A document id from a relative path: characters ids cannot hold become '-', at most 128 of them. */
    static String idFor(Path relative) {
        String id = relative.toString().replace('\\', '/').replaceAll("[^A-Za-z0-9._:-]", "-")
                .replaceAll("^[^A-Za-z0-9]+", "");
        if (id.isEmpty()) {
            id = "file";
        }
        return id.length() <= 128 ? id : id.substring(id.length() - 128).replaceAll("^[^A-Za-z0-9]+", "f");
    }

    private void progress(int done, int total, String current) {
        if (!terminal || total == 0) {
            return;
        }
        int width = 30;
        int filled = (int) ((long) width * done / total);
        err.printf("\r[%s%s] %d/%d %-40.40s", "#".repeat(filled), ".".repeat(width - filled), done, total, current);
    }

    private void line(String text) {
        if (terminal) {
            err.print("\r" + " ".repeat(80) + "\r");
        }
        out.println(text);
    }

    /** A file the server refused, or could not be sent. */
    static final class IngestFailure extends Exception {
        IngestFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** Parsed options. */
    record Options(String url, String key, String tags, String source, String users, String groups,
                   List<Path> paths) {

        /** The options, or null when help was asked for. */
        static Options parse(String[] args, Map<String, String> env) throws UsageException {
            String url = env.getOrDefault("LALO_URL", "http://127.0.0.1:8080");
            String key = env.get("LALO_API_KEY");
            String dataDir = env.getOrDefault("LALO_STORAGE_DATA_DIR", "./data");
            String tags = null;
            String source = null;
            String users = null;
            String groups = null;
            List<Path> paths = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help", "-h" -> {
                        return null;
                    }
                    case "--url" -> url = value(args, ++i, arg);
                    case "--key" -> key = value(args, ++i, arg);
                    case "--data-dir" -> dataDir = value(args, ++i, arg);
                    case "--tags" -> tags = value(args, ++i, arg);
                    case "--source" -> source = value(args, ++i, arg);
                    case "--users" -> users = value(args, ++i, arg);
                    case "--groups" -> groups = value(args, ++i, arg);
                    default -> {
                        if (arg.startsWith("--")) {
                            throw new UsageException("unknown option '" + arg + "'");
                        }
                        paths.add(Path.of(arg));
                    }
                }
            }
            if (paths.isEmpty()) {
                throw new UsageException("give at least one file or folder");
            }
            if (key == null || key.isBlank()) {
                Path file = Path.of(dataDir).resolve(AdminKeyBootstrap.KEY_FILE);
                try {
                    key = Files.readString(file).strip();
                } catch (IOException e) {
                    throw new UsageException("no API key: give --key, set LALO_API_KEY, or --data-dir DIR holding "
                            + AdminKeyBootstrap.KEY_FILE);
                }
            }
            url = url.replaceAll("/+$", "");
            if (!url.toLowerCase(Locale.ROOT).matches("https?://.+")) {
                throw new UsageException("--url must be an http(s) URL");
            }
            return new Options(url, key, tags, source, users, groups, paths);
        }

        private static String value(String[] args, int index, String option) throws UsageException {
            if (index >= args.length || args[index].startsWith("--")) {
                throw new UsageException(option + " needs a value");
            }
            return args[index];
        }
    }
}
