package io.lalo.rag.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link ParsedDocument} as a parser walks its source: headings and paragraphs are appended as blocks
 * separated by blank lines, with the current heading path tracked by level. Whitespace inside a block is
 * collapsed, so offsets stay meaningful and the text reads cleanly.
 */
final class TextLayout {

    private final StringBuilder text = new StringBuilder();
    private final List<ParsedDocument.Block> blocks = new ArrayList<>();
    private final String[] headings = new String[7];
    private String firstHeading = "";

    void heading(int level, String raw) {
        String heading = collapse(raw);
        if (heading.isEmpty()) {
            return;
        }
        int clamped = Math.max(1, Math.min(6, level));
        headings[clamped] = heading;
        for (int deeper = clamped + 1; deeper < headings.length; deeper++) {
            headings[deeper] = null;
        }
        if (firstHeading.isEmpty()) {
            firstHeading = heading;
        }
        append(heading, true);
    }

    void paragraph(String raw) {
        String paragraph = collapse(raw);
        if (!paragraph.isEmpty()) {
            append(paragraph, false);
        }
    }

    private void append(String block, boolean heading) {
        if (!text.isEmpty()) {
            text.append("\n\n");
        }
        int start = text.length();
        text.append(block);
        blocks.add(new ParsedDocument.Block(start, text.length(), heading, section()));
    }

    private String section() {
        StringBuilder path = new StringBuilder();
        for (String heading : headings) {
            if (heading != null) {
                if (!path.isEmpty()) {
                    path.append(" › ");
                }
                path.append(heading);
            }
        }
        return path.toString();
    }

    ParsedDocument build(String title) {
        String chosen = title == null || title.isBlank() ? firstHeading : collapse(title);
        return new ParsedDocument(chosen, text.toString(), blocks);
    }

    static String collapse(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        boolean space = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0000') {
                space = !out.isEmpty();
            } else if (!Character.isISOControl(c)) {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
