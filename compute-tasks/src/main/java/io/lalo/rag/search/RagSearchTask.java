package io.lalo.rag.search;

import io.lalo.grid.JavaForm;
import io.lalo.rag.index.ChunkIndexer;
import io.lalo.rag.index.NodeResult;
import java.io.ObjectInputFilter;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * The part of a search that runs on each data node: access control and local top candidates over the partitions
 * the node is primary for. Request and answer travel as bytes (see {@link JavaForm}).
 */
final class RagSearchTask implements IgniteCallable<byte[]> {

    private static final long serialVersionUID = 1L;
    static final ObjectInputFilter TYPES = JavaForm.allowing("io.lalo.rag.**", "io.lalo.governance.Principal");

    private final byte[] request;

    @IgniteInstanceResource
    private transient Ignite ignite;

    RagSearchTask(NodeRequest request) {
        this.request = JavaForm.encode(request);
    }

    @Override
    public byte[] call() {
        NodeRequest decoded = JavaForm.decode(request, NodeRequest.class, TYPES)
                .orElseThrow(() -> new IllegalArgumentException("unreadable search request"));
        RagNodeServices services = RagNodeServices.of(ignite);
        ChunkIndexer indexer = services.indexer();
        DocumentVisibility visibility = new DocumentVisibility(services.governance(), decoded.principal(),
                decoded.action());
        NodeResult result = indexer.index().search(decoded.query(), visibility, indexer.primaryPartitions());
        return JavaForm.encode(result);
    }
}
