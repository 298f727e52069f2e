package io.lalo.rag.search;

import java.util.List;

/**
 * The passages found, best first, with how the search went: whether it came from the result cache, how many
 * passages the caller may read across the grid, and how many nodes answered.
 */
public record SearchResponse(List<SearchHit> hits, SearchMode mode, boolean cached, long searchedChunks,
                             int nodes) {

    public SearchResponse asCached() {
        return new SearchResponse(hits, mode, true, searchedChunks, nodes);
    }
}
