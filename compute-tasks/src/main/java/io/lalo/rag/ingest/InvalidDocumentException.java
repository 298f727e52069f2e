package io.lalo.rag.ingest;

/** A document LALO cannot take as given (empty, too large, corrupt, not UTF-8, unsupported): a 400, not a 500. */
public final class InvalidDocumentException extends RuntimeException {

    private final String code;

    public InvalidDocumentException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A stable error code for the API envelope, e.g. {@code CORRUPT_DOCUMENT}. */
    public String code() {
        return code;
    }
}
