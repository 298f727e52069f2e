package io.lalo.rag.ingest;

import java.util.List;

/**
 * A document's extracted plain text and its structure: the blocks (headings and paragraphs) as offsets into
 * {@link #text}, so chunks and citations can point back into it.
 *
 * @param title the document's own title (HTML title, PDF info, first heading), or empty
 * @param text the extracted text; blocks are separated by blank lines
 * @param blocks in document order
 */
public record ParsedDocument(String title, String text, List<Block> blocks) {

    public ParsedDocument {
        blocks = List.copyOf(blocks);
    }

    /**
     * One heading or paragraph.
     *
     * @param start offset of its first character in the text
     * @param end offset after its last character
     * @param heading true for a heading
     * @param section the headings it sits under, outermost first, joined with " › " (empty before any heading)
     */
    public record Block(int start, int end, boolean heading, String section) {
    }
}
