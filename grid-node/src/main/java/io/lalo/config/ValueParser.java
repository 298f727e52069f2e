package io.lalo.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the text of one configuration value into its typed form, or says what is allowed. Parsers are pure so that
 * the YAML file, environment variables and command-line flags all go through the same checks.
 */
public interface ValueParser<T> {

    /** Parses {@code text}, or returns empty when it is not acceptable. */
    Optional<T> parse(String text);

    /** What is allowed, in words, for the error message. */
    String allowed();

    static ValueParser<String> nonBlank() {
        return of("a non-empty string", text -> text.isBlank() ? null : text.trim());
    }

    static ValueParser<String> name() {
        Pattern pattern = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        return of("1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit",
                text -> pattern.matcher(text).matches() ? text : null);
    }

    /** Empty (not set), or a secret of at least {@code minLength} characters without white space. */
    static ValueParser<String> optionalSecret(int minLength) {
        Pattern pattern = Pattern.compile("\\S{" + minLength + ",4096}");
        return of("empty, or at least " + minLength + " characters without white space",
                text -> text.isEmpty() || pattern.matcher(text).matches() ? text : null);
    }

    /** Empty (not set), or an http:// or https:// URL. */
    static ValueParser<String> optionalHttpUrl() {
        Pattern pattern = Pattern.compile("https?://[^\\s/$.?#][^\\s]*");
        return of("empty, or an http:// or https:// URL", text -> text.isBlank() ? ""
                : pattern.matcher(text.trim()).matches() ? text.trim() : null);
    }

    /** Empty, or a model name such as {@code gpt-4o-mini}, {@code llama3:8b} or {@code org/model}. */
    static ValueParser<String> optionalModelName() {
        Pattern pattern = Pattern.compile("[A-Za-z0-9._:/@-]{0,128}");
        return of("empty, or up to 128 letters, digits and . _ : / @ -",
                text -> pattern.matcher(text.trim()).matches() ? text.trim() : null);
    }

    /** Empty (not set), or a PEM-encoded public key. */
    static ValueParser<String> optionalPublicKeyPem() {
        return of("empty, or a PEM public key (-----BEGIN PUBLIC KEY----- ...)", text -> text.isBlank() ? ""
                : text.contains("-----BEGIN PUBLIC KEY-----") && text.contains("-----END PUBLIC KEY-----") ? text
                : null);
    }

    /** Role inheritance written as {@code parent>child} pairs, e.g. {@code admin>operator,operator>viewer}. */
    static ValueParser<List<String>> roleEdges() {
        Pattern edge = Pattern.compile("[a-z][a-z0-9_-]{0,31}>[a-z][a-z0-9_-]{0,31}");
        return of("comma-separated parent>child role pairs of lower-case names, e.g. admin>operator", text -> {
            List<String> edges = Arrays.stream(text.split(",")).map(String::trim).filter(e -> !e.isEmpty())
                    .collect(Collectors.toList());
            return edges.stream().allMatch(e -> edge.matcher(e).matches()) ? List.copyOf(edges) : null;
        });
    }

    /** Per-role rate limits as {@code role=perMinute/burst} pairs; empty for none. */
    static ValueParser<List<String>> roleLimits() {
        Pattern limit = Pattern.compile("[a-z][a-z0-9_-]{0,31}=[1-9][0-9]{0,7}/[1-9][0-9]{0,6}");
        return of("empty, or comma-separated role=perMinute/burst entries, e.g. admin=6000/600", text -> {
            List<String> entries = Arrays.stream(text.split(",")).map(String::trim).filter(e -> !e.isEmpty())
                    .collect(Collectors.toList());
            return entries.stream().allMatch(e -> limit.matcher(e).matches()) ? List.copyOf(entries) : null;
        });
    }

    static ValueParser<Boolean> bool() {
        return of("true or false", text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        });
    }

    static ValueParser<Integer> intRange(int min, int max) {
        return of("an integer from " + min + " to " + max, text -> {
            try {
                int value = Integer.parseInt(text.trim());
                return value >= min && value <= max ? value : null;
            } catch (NumberFormatException e) {
                return null;
            }
        });
    }

    static ValueParser<Integer> port() {
        return intRange(1, 65535);
    }

    static ValueParser<String> oneOf(String... choices) {
        List<String> allowed = Arrays.asList(choices);
        return of("one of " + String.join(", ", allowed), text -> allowed.stream()
                .filter(choice -> choice.equalsIgnoreCase(text.trim()))
                .findFirst()
                .orElse(null));
    }

    /** A byte size such as {@code 512m}, {@code 2g}, {@code 64k} or a plain number of bytes, within bounds. */
    static ValueParser<Long> byteSize(long min, long max) {
        Pattern pattern = Pattern.compile("(\\d{1,15})\\s*([kmgt]?)b?", Pattern.CASE_INSENSITIVE);
        return of("a size from " + ByteSizes.format(min) + " to " + ByteSizes.format(max)
                + " written like 512m, 2g or 65536", text -> {
            Matcher m = pattern.matcher(text.trim());
            if (!m.matches()) {
                return null;
            }
            long value = Long.parseLong(m.group(1));
            int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                case "t" -> 40;
                default -> 0;
            };
            if (value > (Long.MAX_VALUE >> shift)) {
                return null;
            }
            long bytes = value << shift;
            return bytes >= min && bytes <= max ? bytes : null;
        });
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m} or {@code 1h}, within bounds. */
    static ValueParser<Duration> duration(Duration min, Duration max) {
        Pattern pattern = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);
        return of("a duration from " + min.toMillis() + "ms to " + max.toSeconds() + "s written like 500ms, 30s, 5m",
                text -> {
            Matcher m = pattern.matcher(text.trim());
            if (!m.matches()) {
                return null;
            }
            long amount = Long.parseLong(m.group(1));
            Duration value = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
            return value.compareTo(min) >= 0 && value.compareTo(max) <= 0 ? value : null;
        });
    }

    /** A comma-separated list of {@code host:port} or {@code host:port..port} discovery addresses. */
    static ValueParser<List<String>> addressList() {
        Pattern pattern = Pattern.compile("[A-Za-z0-9.\\-]+:(\\d{1,5})(\\.\\.(\\d{1,5}))?");
        return of("comma-separated host:port or host:port..port entries, ports 1-65535, ranges ascending", text -> {
            List<String> entries = Arrays.stream(text.split(","))
                    .map(String::trim)
                    .filter(entry -> !entry.isEmpty())
                    .collect(Collectors.toList());
            if (entries.isEmpty()) {
                return null;
            }
            for (String entry : entries) {
                Matcher m = pattern.matcher(entry);
                if (!m.matches()) {
                    return null;
                }
                int from = Integer.parseInt(m.group(1));
                int to = m.group(3) == null ? from : Integer.parseInt(m.group(3));
                if (from < 1 || to > 65535 || to < from) {
                    return null;
                }
            }
            return List.copyOf(entries);
        });
    }

    static ValueParser<Path> path() {
        return of("a file-system path", text -> {
            if (text.isBlank() || text.indexOf('\0') >= 0) {
                return null;
            }
            try {
                return Path.of(text.trim());
            } catch (RuntimeException e) {
                return null;
            }
        });
    }

    private static <T> ValueParser<T> of(String allowed, java.util.function.Function<String, T> parse) {
        return new ValueParser<>() {
            @Override
            public Optional<T> parse(String text) {
                return Optional.ofNullable(parse.apply(text));
            }

            @Override
            public String allowed() {
                return allowed;
            }
        };
    }
}
