package io.lalo.rag.search;

import java.util.List;

/**
 * One passage found: where it comes from, its text and place in the document, and its scores (null for a list it
 * did not appear in).
 *
 * @param score the ranking score: cosine for vector, BM25 for bm25, fused reciprocal rank for hybrid
 * @param highlights spans of {@code text} that match the query's words
 */
public record SearchHit(String chunkId, String docId, String title, String source, String section, int start,
                        int end, String text, double score, Float vectorScore, Double bm25Score,
                        List<Span> highlights) {

    /** A highlighted stretch of the passage, [start, end) in its text. */
    public record Span(int start, int end) {
    }
}
