package io.lalo.sql.nl2sql.eval;

import io.lalo.schema.ForeignKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One database of a Spider-layout dataset: {@code schema.sql} (MySQL DDL with primary and foreign keys) read into
 * tables, and {@code data/<Table>.csv} rows. Names are upper-cased, as Ignite stores unquoted names; column types
 * map to INTEGER, BIGINT, DOUBLE, DECIMAL or VARCHAR (dates stay text, as the dataset compares them as text).
 */
record SpiderDatabase(String name, List<Table> tables, List<ForeignKey> foreignKeys) {

    record Column(String name, String type) {
    }

    record Table(String name, String sourceName, List<Column> columns, List<String> primaryKey) {
    }

    private static final Pattern CREATE = Pattern.compile("CREATE TABLE\\s+(?:`[^`]+`\\.)?`([^`]+)`\\s*\\((.*?)\\);",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern COLUMN = Pattern.compile("^`([^`]+)`\\s+([A-Za-z]+)(\\s*\\([^)]*\\))?");
    private static final Pattern PRIMARY = Pattern.compile("PRIMARY KEY\\s*\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern FOREIGN = Pattern.compile(
            "FOREIGN KEY\\s*\\(`([^`]+)`\\)\\s*REFERENCES\\s+(?:`[^`]+`\\.)?`([^`]+)`\\s*\\(`([^`]+)`\\)",
            Pattern.CASE_INSENSITIVE);

    static SpiderDatabase read(Path dir) throws IOException {
        String ddl = Files.readString(dir.resolve("schema.sql"), StandardCharsets.UTF_8);
        List<Table> tables = new ArrayList<>();
        List<ForeignKey> foreignKeys = new ArrayList<>();
        Matcher create = CREATE.matcher(ddl);
        while (create.find()) {
            String table = upper(create.group(1));
            List<Column> columns = new ArrayList<>();
            List<String> primaryKey = new ArrayList<>();
            for (String line : create.group(2).split("\n")) {
                String item = line.strip().replaceAll(",$", "");
                Matcher column = COLUMN.matcher(item);
                Matcher primary = PRIMARY.matcher(item);
                Matcher foreign = FOREIGN.matcher(item);
                if (primary.find()) {
                    for (String key : primary.group(1).split(",")) {
                        primaryKey.add(upper(key.strip().replace("`", "")));
                    }
                } else if (foreign.find()) {
                    foreignKeys.add(ForeignKey.of(table, upper(foreign.group(1)), upper(foreign.group(2)),
                            upper(foreign.group(3))));
                } else if (column.find()) {
                    columns.add(new Column(upper(column.group(1)), type(column.group(2), column.group(3))));
                }
            }
            tables.add(new Table(table, create.group(1), columns, primaryKey));
        }
        return new SpiderDatabase(dir.getFileName().toString(), tables, foreignKeys);
    }

    private static String type(String declared, String size) {
        return switch (declared.toUpperCase(Locale.ROOT)) {
            case "INT", "INTEGER", "SMALLINT", "TINYINT", "MEDIUMINT", "BOOL", "BOOLEAN", "BIT" -> "BIGINT";
            case "BIGINT" -> "BIGINT";
            case "REAL", "FLOAT", "DOUBLE", "NUMERIC", "DECIMAL", "NUMBER" -> "DOUBLE";
            default -> "VARCHAR";
        };
    }

    static String upper(String name) {
        return name.toUpperCase(Locale.ROOT);
    }
}
