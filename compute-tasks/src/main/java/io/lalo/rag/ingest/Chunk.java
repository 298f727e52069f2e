package io.lalo.rag.ingest;

/**
 * A passage of a document as it is indexed and cited.
 *
 * @param number its place in the document, from 0
 * @param start offset of its first character in the document's extracted text
 * @param end offset after its last character
 * @param text the passage ({@code documentText.substring(start, end)})
 * @param section the heading path it sits under, or empty
 * @param tokens its length in the embedding model's tokens
 */
public record Chunk(int number, int start, int end, String text, String section, int tokens) {
}
