package io.lalo.rag.search;

import io.lalo.rag.index.SearchFilter;

/**
 * A search: the query text, how many passages to return, the mode, metadata filters, and at most how many
 * passages of one document may appear (0: no limit).
 */
public record SearchRequest(String query, int k, SearchMode mode, SearchFilter filter, int maxPerDocument) {

    public static final int MAX_K = 100;
    public static final int MAX_QUERY_CHARS = 4_000;

    public SearchRequest {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("query must not be empty");
        }
        if (query.length() > MAX_QUERY_CHARS) {
            throw new IllegalArgumentException("query must be at most " + MAX_QUERY_CHARS + " characters");
        }
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must lie in [1, " + MAX_K + "]");
        }
        if (maxPerDocument < 0) {
            throw new IllegalArgumentException("maxPerDocument must not be negative");
        }
    }
}
