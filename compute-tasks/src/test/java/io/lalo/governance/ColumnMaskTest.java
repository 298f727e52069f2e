package io.lalo.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.lalo.pii.PiiType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ColumnMaskTest {

    @Test
    void full_hidesEverything_partialKeepsLastFour_hashIsStable() {
        assertThat(ColumnMask.apply(Obligations.MaskKind.FULL, "jane@example.com")).isEqualTo("****");
        assertThat(ColumnMask.apply(Obligations.MaskKind.PARTIAL, "4111111111111111")).isEqualTo("****1111");
        assertThat(ColumnMask.apply(Obligations.MaskKind.PARTIAL, "abc")).isEqualTo("****");
        Object first = ColumnMask.apply(Obligations.MaskKind.HASH, "jane@example.com");
        assertThat(first).isEqualTo(ColumnMask.apply(Obligations.MaskKind.HASH, "jane@example.com"))
                .isNotEqualTo(ColumnMask.apply(Obligations.MaskKind.HASH, "john@example.com"));
        assertThat(first.toString()).startsWith("h:").doesNotContain("jane");
        assertThat(ColumnMask.apply(Obligations.MaskKind.FULL, null)).isNull();
        assertThat(ColumnMask.apply(Obligations.MaskKind.FULL, 42)).as("no text form: NULL, as in SQL").isNull();
        // MD5("abc") = 900150983cd24fb0d6963f7d28e17f72, as SQL's MD5 computes it in the governed views.
        assertThat(ColumnMask.apply(Obligations.MaskKind.HASH, "abc")).isEqualTo("h:900150983cd24fb0");
    }

    @Test
    void piiTypes_perPolicy_combineAcrossAllowingPolicies() {
        Obligations emails = new Obligations(Map.of(), List.of(), true, Set.of(PiiType.EMAIL), false);
        Obligations phones = new Obligations(Map.of(), List.of(), true, Set.of(PiiType.PHONE), false);
        assertThat(emails.and(phones).redactedTypes()).containsExactlyInAnyOrder(PiiType.EMAIL, PiiType.PHONE);
        Obligations everything = new Obligations(Map.of(), List.of(), true, false);
        assertThat(emails.and(everything).redactedTypes()).containsExactlyInAnyOrder(PiiType.values());
        assertThat(Obligations.NONE.redactedTypes()).isEmpty();
    }

    @Test
    void piiTypes_roundTripThroughThePolicyJson() {
        Policy policy = PolicyCodec.fromMap(Map.of("id", "redact-contact", "effect", "allow",
                "actions", List.of("rag.answer"), "obligations",
                Map.of("redactPii", true, "piiTypes", List.of("email", "phone"))));
        assertThat(policy.obligations().redactedTypes()).containsExactlyInAnyOrder(PiiType.EMAIL, PiiType.PHONE);
        assertThat(PolicyCodec.fromMap(PolicyCodec.toMap(policy))).isEqualTo(policy);
    }
}
