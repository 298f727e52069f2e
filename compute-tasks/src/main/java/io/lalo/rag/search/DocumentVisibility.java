package io.lalo.rag.search;

import io.lalo.governance.Governance;
import io.lalo.governance.Policy;
import io.lalo.governance.PolicySet;
import io.lalo.governance.Principal;
import io.lalo.rag.index.DocumentMeta;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Whether one caller may read a document: its access list, then the policies for {@code action} on
 * {@code document:<id>}. Built for one query on the node that holds the data. When no policy can tell documents
 * apart by id (every resource pattern is {@code *} or {@code type:*} and no condition reads
 * {@code resource.name}), the policy decision depends only on the tenant and is made once per tenant; otherwise
 * once per document.
 */
final class DocumentVisibility implements Predicate<DocumentMeta> {

    private final Governance governance;
    private final Principal principal;
    private final String action;
    private final boolean perDocument;
    private final Map<String, Boolean> decisions = new HashMap<>();

    DocumentVisibility(Governance governance, Principal principal, String action) {
        this.governance = governance;
        this.principal = principal;
        this.action = action;
        this.perDocument = distinguishesDocuments(governance.policies().current());
    }

    @Override
    public boolean test(DocumentMeta document) {
        if (!document.acl().permits(principal)) {
            return false;
        }
        String key = perDocument ? document.docId() : document.acl().tenant();
        return decisions.computeIfAbsent(key, ignored ->
                governance.documentAccess(principal, action, document.docId(), document.acl()).allowed());
    }

    static boolean distinguishesDocuments(PolicySet policies) {
        for (Policy policy : policies.policies()) {
            if (!policy.enabled()) {
                continue;
            }
            if (policy.condition().contains("resource.name")) {
                return true;
            }
            for (String pattern : policy.resources()) {
                boolean typeWide = pattern.equals("*")
                        || (pattern.endsWith(":*") && pattern.indexOf('*') == pattern.length() - 1);
                boolean otherType = !pattern.contains("*") && !pattern.startsWith("document:");
                if (!typeWide && !otherType) {
                    return true;
                }
            }
        }
        return false;
    }
}
