package io.lalo.audit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import io.lalo.grid.ReplicatedCaches;

/**
 * Walks every audit chain from its first event to its recorded head, in pages, and checks that each event exists,
 * links to the one before it, and hashes to what it claims. Stops at the first broken link of each chain.
 */
public final class AuditVerifier {

    private static final int PAGE = 1_000;

    private final Ignite ignite;
    private final IgniteCache<String, BinaryObject> events;

    public AuditVerifier(Ignite ignite, int backups) {
        this.ignite = ignite;
        this.events = AuditTables.events(ignite, backups);
        AuditTables.heads(ignite);
    }

    public ChainCheck verify() {
        Map<String, Long> heads = new TreeMap<>();
        IgniteCache<String, String> headCache = AuditTables.heads(ignite);
        for (String chain : ReplicatedCaches.<String>keys(ignite, AuditTables.HEADS)) {
            String head = headCache.get(chain);
            heads.put(chain, Long.parseLong(head.substring(0, head.indexOf(':'))));
        }
        long checked = 0;
        List<ChainCheck.BrokenLink> broken = new ArrayList<>();
        for (Map.Entry<String, Long> head : heads.entrySet()) {
            String chain = head.getKey();
            String previous = AuditEvent.GENESIS;
            chainWalk:
            for (long from = 1; from <= head.getValue(); from += PAGE) {
                long to = Math.min(head.getValue(), from + PAGE - 1);
                Set<String> keys = new LinkedHashSet<>();
                for (long seq = from; seq <= to; seq++) {
                    keys.add(AuditTables.key(chain, seq));
                }
                Map<String, BinaryObject> page = events.getAll(keys);
                for (long seq = from; seq <= to; seq++) {
                    BinaryObject row = page.get(AuditTables.key(chain, seq));
                    checked++;
                    if (row == null) {
                        broken.add(new ChainCheck.BrokenLink(chain, seq, "missing"));
                        break chainWalk;
                    }
                    AuditEvent event = AuditTables.fromRow(row);
                    if (!event.prevHash().equals(previous)) {
                        broken.add(new ChainCheck.BrokenLink(chain, seq, "relinked"));
                        break chainWalk;
                    }
                    if (!event.computeHash().equals(event.hash()) || event.seq() != seq
                            || !event.chain().equals(chain)) {
                        broken.add(new ChainCheck.BrokenLink(chain, seq, "edited"));
                        break chainWalk;
                    }
                    previous = event.hash();
                }
            }
        }
        return ChainCheck.of(heads.size(), checked, broken);
    }
}
