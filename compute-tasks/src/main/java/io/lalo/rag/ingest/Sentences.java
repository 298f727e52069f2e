package io.lalo.rag.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where sentences end: after '.', '!', '?' or ';' (and any closing quote or bracket) followed by space and a
 * capital, digit or opening quote — so "e.g. the" and "3.5 GB" do not split — and at blank lines, which separate
 * headings and paragraphs in extracted text. Used to cut chunks and to pick answer sentences.
 */
public final class Sentences {

    private static final Pattern END = Pattern.compile(
            "(?<=[.!?;])[\"')\\]]*\\s+(?=[\\p{Lu}\\p{N}\"'(\\[])|\\s*\\n\\s*\\n\\s*");

    private Sentences() {
    }

    /** The sentences of {@code text} as [start, end) offsets, covering it without the spaces between them. */
    public static List<int[]> spans(String text) {
        List<int[]> spans = new ArrayList<>();
        Matcher boundary = END.matcher(text);
        int start = 0;
        while (boundary.find()) {
            spans.add(new int[] {start, boundary.start()});
            start = boundary.end();
        }
        spans.add(new int[] {start, text.length()});
        return spans;
    }
}
