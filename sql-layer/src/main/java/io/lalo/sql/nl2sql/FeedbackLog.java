package io.lalo.sql.nl2sql;

import io.lalo.json.JsonRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * What users said about translations — right or wrong, with an optional comment and corrected SQL — kept in the
 * grid (persistent, one backup) for administrators to review and to turn into verified examples.
 */
public final class FeedbackLog {

    static final String CACHE = "lalo_nl2sql_feedback";

    /** One piece of feedback. {@code correct} null means "no verdict, only a comment". */
    public record Feedback(String id, String principal, String question, String sql, Boolean correct,
                           String comment, String correctedSql, Instant at) {
    }

    private final IgniteCache<String, String> feedback;

    public FeedbackLog(Ignite ignite, int backups) {
        this.feedback = ignite.getOrCreateCache(new CacheConfiguration<String, String>(CACHE)
                .setCacheMode(CacheMode.PARTITIONED)
                .setBackups(backups));
    }

    public Feedback record(String principal, String question, String sql, Boolean correct, String comment,
                           String correctedSql) {
        Feedback entry = new Feedback(UUID.randomUUID().toString(), principal, question, sql, correct, comment,
                correctedSql, Instant.now());
        feedback.put(entry.id(), JsonRecords.write(entry));
        return entry;
    }

    /** The most recent {@code limit} entries, newest first. */
    public List<Feedback> recent(int limit) {
        List<Feedback> all = new ArrayList<>();
        for (Cache.Entry<String, String> entry : feedback) {
            all.add(JsonRecords.read(entry.getValue(), Feedback.class));
        }
        all.sort(Comparator.comparing(Feedback::at).reversed());
        return all.subList(0, Math.min(limit, all.size()));
    }
}
