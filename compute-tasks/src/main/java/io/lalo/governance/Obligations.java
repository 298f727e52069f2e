package io.lalo.governance;

import io.lalo.pii.PiiType;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Conditions attached to an allow: the caller may proceed, but with these columns masked, these row filters added,
 * PII redacted from the output, or only after a human approves. Obligations of several allowing policies add up.
 *
 * @param maskColumns columns to mask, as {@code TABLE.COLUMN} or {@code COLUMN}, each with its mask kind
 * @param rowFilters predicates (SQL over the table's columns) that every returned row must satisfy
 * @param redactPii whether PII must be redacted from text the caller receives
 * @param piiTypes which kinds of PII to redact; empty means every kind
 * @param requireApproval whether the action waits for a human approval
 */
public record Obligations(Map<String, MaskKind> maskColumns, List<String> rowFilters, boolean redactPii,
                          Set<PiiType> piiTypes, boolean requireApproval) {

    /** How a masked column is shown. */
    public enum MaskKind {
        /** Replaced entirely. */
        FULL,
        /** Only the last four characters kept. */
        PARTIAL,
        /** A stable hash, so equal values still group and join. */
        HASH
    }

    public static final Obligations NONE = new Obligations(Map.of(), List.of(), false, Set.of(), false);

    public Obligations {
        maskColumns = Map.copyOf(maskColumns);
        rowFilters = List.copyOf(rowFilters);
        piiTypes = piiTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(piiTypes));
    }

    /** Obligations that redact every kind of PII when {@code redactPii} is set. */
    public Obligations(Map<String, MaskKind> maskColumns, List<String> rowFilters, boolean redactPii,
                       boolean requireApproval) {
        this(maskColumns, rowFilters, redactPii, Set.of(), requireApproval);
    }

    /** The kinds of PII to redact: none when redaction is off, every kind when no kinds were named. */
    public Set<PiiType> redactedTypes() {
        if (!redactPii) {
            return Set.of();
        }
        return piiTypes.isEmpty() ? EnumSet.allOf(PiiType.class) : piiTypes;
    }

    public boolean isEmpty() {
        return maskColumns.isEmpty() && rowFilters.isEmpty() && !redactPii && !requireApproval;
    }

    /** Both sets of obligations; for a column masked by both, the stronger mask (FULL over HASH over PARTIAL). */
    public Obligations and(Obligations other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Map<String, MaskKind> masks = new java.util.LinkedHashMap<>(maskColumns);
        other.maskColumns.forEach((column, kind) -> masks.merge(column, kind,
                (a, b) -> strength(a) >= strength(b) ? a : b));
        Set<String> filters = new LinkedHashSet<>(rowFilters);
        filters.addAll(other.rowFilters);
        Set<PiiType> types = EnumSet.noneOf(PiiType.class);
        types.addAll(redactedTypes());
        types.addAll(other.redactedTypes());
        boolean redact = redactPii || other.redactPii;
        return new Obligations(masks, List.copyOf(filters), redact,
                redact && types.size() < PiiType.values().length ? types : Set.of(),
                requireApproval || other.requireApproval);
    }

    private static int strength(MaskKind kind) {
        return switch (kind) {
            case FULL -> 3;
            case HASH -> 2;
            case PARTIAL -> 1;
        };
    }
}
