package io.lalo.rag.index;

import io.lalo.governance.DocumentAcl;
import java.io.Serializable;
import java.util.Set;

/**
 * What search needs to know about a document besides its chunks: who may read it and what it can be filtered by.
 * Shared by all chunks of a document in a node's index.
 */
public record DocumentMeta(String docId, String title, String source, Set<String> tags, DocumentAcl acl)
        implements Serializable {

    public DocumentMeta {
        tags = Set.copyOf(tags);
    }

    /** Everything visibility can depend on except the id: documents with equal keys are decided once per query. */
    public String accessKey() {
        return acl.tenant() + '\u0001' + acl.users() + '\u0001' + acl.groups();
    }
}
