package io.lalo.rag.index;

import java.io.Serializable;
import java.util.Set;

/**
 * Metadata filters a search narrows to: any of the tags, one of the sources, one of the documents (empty sets do
 * not filter). They restrict which passages may be returned; they do not change BM25 statistics, which describe
 * everything the caller may read.
 */
public record SearchFilter(Set<String> tags, Set<String> sources, Set<String> documentIds) implements Serializable {

    public static final SearchFilter NONE = new SearchFilter(Set.of(), Set.of(), Set.of());

    public SearchFilter {
        tags = Set.copyOf(tags);
        sources = Set.copyOf(sources);
        documentIds = Set.copyOf(documentIds);
    }

    public boolean matches(DocumentMeta document) {
        return (documentIds.isEmpty() || documentIds.contains(document.docId()))
                && (sources.isEmpty() || sources.contains(document.source()))
                && (tags.isEmpty() || document.tags().stream().anyMatch(tags::contains));
    }
}
