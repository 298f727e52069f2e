package io.lalo.sql.nl2sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Optional words about a schema that its names do not say, from {@code config/semantic/*.yaml}: per table and
 * column a description, synonyms ("revenue" for {@code ORDERS.TOTAL}), a unit and known values. They widen what
 * the linker recognises; without them the translator works from names and data alone.
 *
 * <pre>
 * tables:
 *   ORDERS:
 *     synonyms: [purchases]
 *     columns:
 *       TOTAL: {description: Order value, synonyms: [revenue, amount], unit: USD}
 * </pre>
 */
public record SemanticAnnotations(Map<String, TableNotes> tables) {

    public static final SemanticAnnotations NONE = new SemanticAnnotations(Map.of());

    public SemanticAnnotations {
        tables = Map.copyOf(tables);
    }

    public record TableNotes(String description, List<String> synonyms, Map<String, ColumnNotes> columns) {
        public TableNotes {
            synonyms = List.copyOf(synonyms);
            columns = Map.copyOf(columns);
        }
    }

    public record ColumnNotes(String description, List<String> synonyms, String unit, List<String> values) {
        public ColumnNotes {
            synonyms = List.copyOf(synonyms);
            values = List.copyOf(values);
        }
    }

    public TableNotes table(String name) {
        return tables.get(name.toUpperCase(Locale.ROOT));
    }

    public ColumnNotes column(String table, String column) {
        TableNotes notes = table(table);
        return notes == null ? null : notes.columns().get(column.toUpperCase(Locale.ROOT));
    }

    /** Every {@code *.yaml} in {@code dir}, merged; NONE when the directory does not exist. */
    public static SemanticAnnotations load(Path dir) {
        if (!Files.isDirectory(dir)) {
            return NONE;
        }
        Map<String, TableNotes> tables = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                tables.putAll(parse(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()), file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read semantic annotations in " + dir, e);
        }
        return new SemanticAnnotations(tables);
    }

    private static Map<String, TableNotes> parse(JsonNode root, Path file) {
        Map<String, TableNotes> tables = new HashMap<>();
        JsonNode tableNodes = root == null ? null : root.get("tables");
        if (tableNodes == null || !tableNodes.isObject()) {
            throw new IllegalArgumentException(file + ": expected a top-level 'tables' mapping");
        }
        tableNodes.fields().forEachRemaining(table -> {
            Map<String, ColumnNotes> columns = new HashMap<>();
            JsonNode columnNodes = table.getValue().path("columns");
            columnNodes.fields().forEachRemaining(column -> columns.put(column.getKey().toUpperCase(Locale.ROOT),
                    new ColumnNotes(column.getValue().path("description").asText(""),
                            strings(column.getValue().path("synonyms")), column.getValue().path("unit").asText(""),
                            strings(column.getValue().path("values")))));
            tables.put(table.getKey().toUpperCase(Locale.ROOT), new TableNotes(
                    table.getValue().path("description").asText(""), strings(table.getValue().path("synonyms")),
                    columns));
        });
        return tables;
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.forEach(value -> values.add(value.asText()));
        return values;
    }
}
