package io.lalo.rag.index;

import java.io.Serializable;
import java.util.List;

/**
 * One node's answer to a {@link NodeQuery}: its best vector hits, its best BM25 candidates with the raw term
 * frequencies and lengths (so the caller can rescore them with statistics summed over all nodes, making the
 * ranking independent of how the data is spread), and those statistics for what the caller may read here.
 */
public record NodeResult(List<VectorHit> vectorHits, List<TextCandidate> textCandidates, long visibleChunks,
                         double visibleLength, long[] documentFrequencies) implements Serializable {

    /** A chunk near the query vector; score is the cosine similarity. */
    public record VectorHit(String chunkId, String docId, float score) implements Serializable {
    }

    /** A chunk containing query terms: weighted frequency per query term and weighted length. */
    public record TextCandidate(String chunkId, String docId, float[] frequencies, float length)
            implements Serializable {
    }
}
