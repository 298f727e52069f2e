package io.lalo.rag.ingest;

import io.lalo.governance.Principal;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A document to ingest and what to record with it. The tenant is the caller's; the access list names users and
 * groups of that tenant (both empty: everyone in the tenant).
 *
 * @param docId the caller's id for it, or null to derive one from the content (so re-sending the same bytes is
 *              a no-op)
 */
public record IngestRequest(String docId, String title, String source, Set<String> tags, Set<String> users,
                            Set<String> groups, byte[] content, DocumentFormat format, Principal owner) {

    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,127}");

    public IngestRequest {
        if (docId != null && !ID.matcher(docId).matches()) {
            throw new InvalidDocumentException("INVALID_ID", "id must be 1-128 letters, digits, '.', '_', ':' or '-'"
                    + " and start with a letter or digit");
        }
        title = title == null ? "" : title.strip();
        source = source == null ? "" : source.strip();
        tags = Set.copyOf(tags);
        users = Set.copyOf(users);
        groups = Set.copyOf(groups);
    }
}
