package io.lalo.rag.answer;

import java.util.List;

/**
 * An answer drawn from passages: its text with citation markers ({@code [1]}), and what each marker cites.
 *
 * @param generated false for an extractive answer (sentences quoted from the passages)
 */
public record Answer(String text, List<Citation> citations, boolean generated) {

    /**
     * A cited passage: the marker number, the chunk and document, and the quoted sentence's place in the
     * document's text.
     */
    public record Citation(int marker, String chunkId, String docId, String title, int start, int end,
                           String quote) {
    }
}
