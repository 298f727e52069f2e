package io.lalo.rag.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A retrieval test collection in the BEIR layout: {@code corpus.jsonl} ({@code _id, title, text}),
 * {@code queries*.jsonl} ({@code _id, text}) and {@code qrels*.tsv} (query id, corpus id, score, with a header).
 * Every split found is read; only queries with judgements are evaluated.
 */
public record BeirDataset(List<Document> corpus, Map<String, String> queries,
                          Map<String, Map<String, Integer>> judgements) {

    public record Document(String id, String title, String text) {
    }

    public static BeirDataset read(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Document> corpus = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(dir.resolve("corpus.jsonl"), StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    JsonNode node = json.readTree(line);
                    corpus.add(new Document(node.path("_id").asText(), node.path("title").asText(""),
                            node.path("text").asText("")));
                }
            }
        }
        Map<String, String> queries = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> judgements = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("queries") && name.endsWith(".jsonl")) {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        if (!line.isBlank()) {
                            JsonNode node = json.readTree(line);
                            queries.put(node.path("_id").asText(), node.path("text").asText());
                        }
                    }
                } else if (name.startsWith("qrels") && name.endsWith(".tsv")) {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    for (String line : lines.subList(1, lines.size())) {
                        String[] cells = line.split("\t");
                        if (cells.length >= 3) {
                            judgements.computeIfAbsent(cells[0], q -> new HashMap<>())
                                    .put(cells[1], Integer.parseInt(cells[2].trim()));
                        }
                    }
                }
            }
        }
        queries.keySet().retainAll(judgements.keySet());
        return new BeirDataset(corpus, queries, judgements);
    }
}
