package io.lalo.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

class DocumentParserTest {

    private final DocumentParser parser = new DocumentParser();

    @Test
    void markdown_headingsBecomeSections_andInlineMarkupIsDropped() {
        ParsedDocument doc = parser.parseText("""
                # Operations guide

                Intro with **bold** and a [link](http://x).

                ## Backups
                Nightly backups run at *two*.
                - keep 7 days
                - verify weekly
                """, DocumentFormat.MARKDOWN, null);
        assertThat(doc.title()).isEqualTo("Operations guide");
        assertThat(doc.text()).contains("Intro with bold and a link.").doesNotContain("**").doesNotContain("](");
        ParsedDocument.Block backups = doc.blocks().stream()
                .filter(b -> doc.text().substring(b.start(), b.end()).startsWith("Nightly")).findFirst().orElseThrow();
        assertThat(backups.section()).isEqualTo("Operations guide › Backups");
        assertThat(doc.text()).contains("keep 7 days").contains("verify weekly");
        for (ParsedDocument.Block block : doc.blocks()) {
            assertThat(doc.text().substring(block.start(), block.end())).isNotBlank();
        }
    }

    @Test
    void html_takesTitleAndInnermostBlocks_withoutScriptsOrRepeats() {
        ParsedDocument doc = parser.parseText("""
                <html><head><title>Policy</title><script>var secret = 1;</script></head>
                <body><nav>menu</nav><h1>Refunds</h1><div><p>Refunds take <b>5 days</b>.</p></div>
                <ul><li><p>Card</p></li><li>Cash</li></ul></body></html>
                """, DocumentFormat.HTML, "");
        assertThat(doc.title()).isEqualTo("Policy");
        assertThat(doc.text()).isEqualTo("Refunds\n\nRefunds take 5 days.\n\nCard\n\nCash");
        assertThat(doc.blocks().get(0).heading()).isTrue();
    }

    @Test
    void pdf_textIsExtracted_withItsTitle() throws IOException {
        ParsedDocument doc = parser.parse(pdf("Quarterly report", "Revenue grew in the northern region."),
                DocumentFormat.PDF, null);
        assertThat(doc.title()).isEqualTo("Quarterly report");
        assertThat(doc.text()).contains("Revenue grew in the northern region.");
    }

    @Test
    void brokenPdf_isRejectedAsCorrupt() throws IOException {
        byte[] good = pdf("t", "some text");
        byte[] broken = Arrays.copyOf(good, good.length / 3);
        assertThatThrownBy(() -> parser.parse(broken, DocumentFormat.PDF, null))
                .isInstanceOf(InvalidDocumentException.class)
                .satisfies(e -> assertThat(((InvalidDocumentException) e).code()).isEqualTo("CORRUPT_DOCUMENT"));
        assertThatThrownBy(() -> parser.parse("%PDF-1.7 nonsense".getBytes(StandardCharsets.US_ASCII),
                DocumentFormat.PDF, null)).isInstanceOf(InvalidDocumentException.class);
    }

    @Test
    void invalidUtf8_isRejected() {
        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> parser.parse(latin1, DocumentFormat.TEXT, null))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void emptyOrWhitespaceOnly_isRejected() {
        assertThatThrownBy(() -> parser.parse(new byte[0], DocumentFormat.TEXT, null))
                .isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> parser.parseText(" \n\t\n ", DocumentFormat.TEXT, null))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("no text");
        assertThatThrownBy(() -> parser.parseText("<html><script>x()</script></html>", DocumentFormat.HTML, null))
                .isInstanceOf(InvalidDocumentException.class);
    }

    static byte[] pdf(String title, String line) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            document.getDocumentInformation().setTitle(title);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(line);
                content.endText();
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}
