package io.lalo.rag.index;

import java.io.Serializable;
import java.util.List;

/**
 * What a search asks of each node: analysed query terms for BM25 (empty: no text search), the query vector (null:
 * no vector search), how many candidates of each kind to return, and the filters.
 */
public record NodeQuery(List<String> terms, float[] vector, int depth, int beam, SearchFilter filter, Bm25 bm25)
        implements Serializable {

    public NodeQuery {
        terms = List.copyOf(terms);
    }
}
