package io.lalo.rag.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Extracts text and structure from plain text, Markdown, HTML (jsoup) and PDF (PDFBox). Text formats must be
 * valid UTF-8; anything that cannot be read is an {@link InvalidDocumentException}, never a half-read document.
 */
public final class DocumentParser {

    private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n");
    private static final Pattern MARKDOWN_HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("!?\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern MARKDOWN_EMPHASIS = Pattern.compile("(\\*\\*|__|\\*|_|`)(\\S(?:.*?\\S)?)\\1");
    private static final Pattern MARKDOWN_LIST = Pattern.compile("^\\s*(?:[-*+]|\\d+[.)])\\s+");
    private static final String HTML_BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, pre, blockquote, td, th, dt, dd, "
            + "figcaption, caption";

    public ParsedDocument parse(byte[] content, DocumentFormat format, String title) {
        if (content.length == 0) {
            throw new InvalidDocumentException("EMPTY_DOCUMENT", "The document is empty");
        }
        ParsedDocument parsed = switch (format) {
            case TEXT -> text(utf8(content), title);
            case MARKDOWN -> markdown(utf8(content), title);
            case HTML -> html(utf8(content), title);
            case PDF -> pdf(content, title);
        };
        if (parsed.text().isBlank()) {
            throw new InvalidDocumentException("EMPTY_DOCUMENT", "The document has no text to index");
        }
        return parsed;
    }

    /** Plain text already in hand (JSON ingest). */
    public ParsedDocument parseText(String text, DocumentFormat format, String title) {
        return parse(text.getBytes(StandardCharsets.UTF_8), format, title);
    }

    static String utf8(byte[] content) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new InvalidDocumentException("INVALID_UTF8", "The document is not valid UTF-8");
        }
    }

    private static ParsedDocument text(String source, String title) {
        TextLayout layout = new TextLayout();
        for (String paragraph : BLANK_LINES.split(source.replace("\r\n", "\n").replace('\r', '\n'))) {
            layout.paragraph(paragraph);
        }
        return layout.build(title);
    }

    private static ParsedDocument markdown(String source, String title) {
        TextLayout layout = new TextLayout();
        StringBuilder paragraph = new StringBuilder();
        boolean fenced = false;
        for (String line : source.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = fenced ? null : MARKDOWN_HEADING.matcher(line);
            boolean listItem = !fenced && MARKDOWN_LIST.matcher(line).find();
            if (heading != null && heading.matches()) {
                flush(layout, paragraph);
                layout.heading(heading.group(1).length(), inline(heading.group(2)));
            } else if (line.isBlank() || listItem) {
                flush(layout, paragraph);
                if (listItem) {
                    paragraph.append(MARKDOWN_LIST.matcher(line).replaceFirst("")).append(' ');
                }
            } else {
                paragraph.append(fenced ? line : inline(line.replaceFirst("^\\s*>\\s?", ""))).append(' ');
            }
        }
        flush(layout, paragraph);
        return layout.build(title);
    }

    private static void flush(TextLayout layout, StringBuilder paragraph) {
        if (!paragraph.isEmpty()) {
            layout.paragraph(inline(paragraph.toString()));
            paragraph.setLength(0);
        }
    }

    private static String inline(String markdown) {
        String text = MARKDOWN_LINK.matcher(markdown).replaceAll("$1");
        return MARKDOWN_EMPHASIS.matcher(text).replaceAll("$2");
    }

    private static ParsedDocument html(String source, String title) {
        Document document = Jsoup.parse(source);
        document.select("script, style, noscript, template, nav, svg").remove();
        TextLayout layout = new TextLayout();
        Element body = document.body();
        boolean any = false;
        for (Element block : body.select(HTML_BLOCKS)) {
            if (!block.select(HTML_BLOCKS).stream().allMatch(inner -> inner == block)) {
                continue;   // the innermost blocks carry the text; an outer one would repeat it
            }
            any = true;
            String tag = block.tagName();
            if (tag.length() == 2 && tag.charAt(0) == 'h' && Character.isDigit(tag.charAt(1))) {
                layout.heading(tag.charAt(1) - '0', block.text());
            } else {
                layout.paragraph(block.text());
            }
        }
        if (!any) {
            for (String paragraph : BLANK_LINES.split(body.wholeText())) {
                layout.paragraph(paragraph);
            }
        }
        String own = document.title();
        return layout.build(title != null && !title.isBlank() ? title : own);
    }

    private static ParsedDocument pdf(byte[] content, String title) {
        try (PDDocument pdf = Loader.loadPDF(content)) {
            if (pdf.isEncrypted() && !pdf.getCurrentAccessPermission().canExtractContent()) {
                throw new InvalidDocumentException("UNREADABLE_DOCUMENT", "The PDF does not permit text extraction");
            }
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            stripper.setParagraphEnd("\n\n");
            String text = stripper.getText(pdf);
            TextLayout layout = new TextLayout();
            for (String paragraph : BLANK_LINES.split(text.replace("\r\n", "\n"))) {
                layout.paragraph(paragraph);
            }
            String own = pdf.getDocumentInformation() == null ? null : pdf.getDocumentInformation().getTitle();
            return layout.build(title != null && !title.isBlank() ? title : own);
        } catch (IOException e) {
            throw new InvalidDocumentException("CORRUPT_DOCUMENT", "The PDF cannot be read: " + e.getMessage());
        }
    }
}
