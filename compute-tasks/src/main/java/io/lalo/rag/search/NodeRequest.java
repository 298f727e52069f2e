package io.lalo.rag.search;

import io.lalo.governance.Principal;
import io.lalo.rag.index.NodeQuery;
import java.io.Serializable;

/** What travels to each data node: the query and who asks, so the node applies access control itself. */
record NodeRequest(NodeQuery query, Principal principal, String action) implements Serializable {
}
