package io.lalo.sql.nl2sql;

import io.lalo.json.JsonRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * Question/SQL pairs an administrator has verified, kept in the grid (replicated, persistent). The translator
 * answers a question that matches one — word for word, or differing only in its values ("orders in 2024" for a
 * pair about "orders in 2023") — with the verified SQL, its values swapped; the nearest pairs also go to the LLM
 * as examples.
 */
public final class VerifiedExamples {

    static final String CACHE = "lalo_nl2sql_examples";

    /** One verified pair. */
    public record Example(String id, String question, String sql, String createdBy, Instant createdAt) {
    }

    /** An example and how close its question is to the one asked (Jaccard similarity of content words). */
    public record Scored(Example example, double similarity) {
    }

    /** A verified statement fitted to the question. */
    public record Adapted(String sql, Example example) {
    }

    private final IgniteCache<String, String> examples;

    public VerifiedExamples(Ignite ignite) {
        this.examples = ignite.getOrCreateCache(new CacheConfiguration<String, String>(CACHE)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC));
    }

    public Example add(String question, String sql, String createdBy) {
        Example example = new Example(UUID.randomUUID().toString(), question.strip(), sql.strip(), createdBy,
                Instant.now());
        examples.put(example.id(), JsonRecords.write(example));
        return example;
    }

    public boolean remove(String id) {
        return examples.remove(id);
    }

    public List<Example> list() {
        List<Example> all = new ArrayList<>();
        for (Cache.Entry<String, String> entry : examples) {
            all.add(JsonRecords.read(entry.getValue(), Example.class));
        }
        all.sort(Comparator.comparing(Example::createdAt));
        return all;
    }

    /** The {@code limit} examples closest to {@code question}, closest first. */
    public List<Scored> nearest(String question, int limit) {
        Set<String> asked = contentWords(question);
        return list().stream()
                .map(example -> new Scored(example, jaccard(asked, contentWords(example.question()))))
                .filter(scored -> scored.similarity() > 0)
                .sorted(Comparator.comparingDouble(Scored::similarity).reversed())
                .limit(limit)
                .toList();
    }

    /** A verified example that answers {@code question} exactly or after swapping its values, if there is one. */
    public Optional<Adapted> adapt(String question) {
        List<Words.Token> asked = Words.tokenize(question);
        for (Scored scored : nearest(question, 5)) {
            Optional<String> sql = swapValues(Words.tokenize(scored.example().question()), asked,
                    scored.example().sql());
            if (sql.isPresent()) {
                return Optional.of(new Adapted(sql.get(), scored.example()));
            }
        }
        return Optional.empty();
    }

    /**
     * The example's SQL for the asked question when the two questions differ only in values (numbers, quoted text,
     * capitalised words) and each differing value appears in the SQL as a literal.
     */
    static Optional<String> swapValues(List<Words.Token> example, List<Words.Token> asked, String sql) {
        List<Words.Token> left = withoutPunctuation(example);
        List<Words.Token> right = withoutPunctuation(asked);
        if (left.size() != right.size()) {
            return Optional.empty();
        }
        String adapted = sql;
        for (int i = 0; i < left.size(); i++) {
            Words.Token was = left.get(i);
            Words.Token now = right.get(i);
            if (was.kind() == now.kind() && was.stem().equals(now.stem())) {
                continue;
            }
            if (!isValue(was) || !isValue(now) || was.kind() != now.kind()) {
                return Optional.empty();
            }
            String oldLiteral = was.kind() == Words.Kind.NUMBER ? was.text() : "'" + was.text().replace("'", "''") + "'";
            String newLiteral = now.kind() == Words.Kind.NUMBER ? now.text() : "'" + now.text().replace("'", "''") + "'";
            if (!adapted.contains(oldLiteral)) {
                return Optional.empty();
            }
            adapted = adapted.replace(oldLiteral, newLiteral);
        }
        return Optional.of(adapted);
    }

    private static boolean isValue(Words.Token token) {
        return token.kind() == Words.Kind.NUMBER || token.kind() == Words.Kind.QUOTED
                || token.kind() == Words.Kind.WORD && Character.isUpperCase(token.text().charAt(0));
    }

    private static List<Words.Token> withoutPunctuation(List<Words.Token> tokens) {
        return tokens.stream().filter(t -> t.kind() != Words.Kind.PUNCTUATION).toList();
    }

    private static Set<String> contentWords(String text) {
        Set<String> words = new HashSet<>();
        for (Words.Token token : Words.tokenize(text)) {
            if (token.kind() != Words.Kind.PUNCTUATION && !Linker.STOP.contains(token.stem())) {
                words.add(token.stem());
            }
        }
        return words;
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        long common = a.stream().filter(b::contains).count();
        return (double) common / union.size();
    }
}
