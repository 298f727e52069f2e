package io.lalo.rag.search;

import java.util.Locale;
import java.util.Optional;

/** How passages are found: by meaning (vectors), by words (BM25), or both fused by reciprocal rank. */
public enum SearchMode {
    VECTOR, BM25, HYBRID;

    public static Optional<SearchMode> parse(String text) {
        for (SearchMode mode : values()) {
            if (mode.name().equals(text.toUpperCase(Locale.ROOT))) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    boolean usesVectors() {
        return this != BM25;
    }

    boolean usesWords() {
        return this != VECTOR;
    }
}
