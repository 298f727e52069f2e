package io.lalo.rag.ingest;

import java.util.Locale;
import java.util.Optional;

/** The document formats LALO extracts text from, recognised by media type or file name. */
public enum DocumentFormat {
    TEXT("text/plain"),
    MARKDOWN("text/markdown"),
    HTML("text/html"),
    PDF("application/pdf");

    private final String mediaType;

    DocumentFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** By media type, ignoring parameters such as {@code charset}; empty when unsupported. */
    public static Optional<DocumentFormat> ofMediaType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "text/plain" -> Optional.of(TEXT);
            case "text/markdown", "text/x-markdown" -> Optional.of(MARKDOWN);
            case "text/html", "application/xhtml+xml" -> Optional.of(HTML);
            case "application/pdf" -> Optional.of(PDF);
            default -> Optional.empty();
        };
    }

    /** By file extension; empty when unsupported. */
    public static Optional<DocumentFormat> ofFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".txt") || lower.endsWith(".text")) {
            return Optional.of(TEXT);
        }
        if (lower.endsWith(".md") || lower.endsWith(".markdown")) {
            return Optional.of(MARKDOWN);
        }
        if (lower.endsWith(".html") || lower.endsWith(".htm") || lower.endsWith(".xhtml")) {
            return Optional.of(HTML);
        }
        if (lower.endsWith(".pdf")) {
            return Optional.of(PDF);
        }
        return Optional.empty();
    }
}
