package io.lalo.rag.index;

import java.io.Serializable;

/**
 * Okapi BM25 with a title field folded in (BM25F-style): a term's frequency is its count in the passage plus
 * {@code titleWeight} times its count in the document title, and the length is weighted the same way.
 * Defaults k1 = 0.9, b = 0.4 are Anserini's, tuned on the TREC and BEIR collections.
 */
public record Bm25(float k1, float b, float titleWeight) implements Serializable {

    public static final Bm25 DEFAULT = new Bm25(0.9f, 0.4f, 1.0f);

    /** Inverse document frequency, Lucene's variant: never negative. */
    public static double idf(long documentFrequency, long documents) {
        return Math.log(1 + (documents - documentFrequency + 0.5) / (documentFrequency + 0.5));
    }

    /** The score of one term in one passage. */
    public double termScore(double idf, float frequency, float length, double averageLength) {
        if (frequency <= 0) {
            return 0;
        }
        double norm = k1 * (1 - b + b * length / Math.max(1e-9, averageLength));
        return idf * frequency * (k1 + 1) / (frequency + norm);
    }
}
