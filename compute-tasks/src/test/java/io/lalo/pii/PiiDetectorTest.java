package io.lalo.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PiiDetectorTest {

    private static List<PiiType> types(String text) {
        return PiiDetector.find(text).stream().map(PiiMatch::type).toList();
    }

    @Test
    void realLookingSupportTicket_isRedactedEverywhere() {
        String ticket = """
                Customer Jane Roe (jane.roe+billing@example.co.uk, +44 20 7946 0958) says card 4111 1111 1111 1111
                was charged twice; refund to DE89 3704 0044 0532 0130 00. Her SSN 123-45-6789 and NINO AB 12 34 56 C
                were in the attachment. Login came from 203.0.113.42 and 2001:db8::8a2e:370:7334.
                """;
        String redacted = PiiDetector.redact(ticket);
        assertThat(redacted).contains("Customer Jane Roe ([EMAIL], [PHONE])")
                .contains("card [PAYMENT_CARD]")
                .contains("refund to [IBAN].")
                .contains("SSN [NATIONAL_ID] and NINO [NATIONAL_ID]")
                .contains("from [IP_ADDRESS] and [IP_ADDRESS].")
                .doesNotContain("4111").doesNotContain("jane.roe").doesNotContain("6789").doesNotContain("203.0.113");
    }

    @Test
    void cardNumbers_needLuhnAndAKnownIssuer() {
        assertThat(types("pay with 5500-0000-0000-0004 today")).containsExactly(PiiType.PAYMENT_CARD);
        assertThat(types("amex 378282246310005")).containsExactly(PiiType.PAYMENT_CARD);
        assertThat(types("order 4111 1111 1111 1112 shipped")).isEmpty();
        assertThat(types("tracking 1234567890123456")).isEmpty();
    }

    @Test
    void iban_needsItsCheckDigits() {
        assertThat(types("IBAN GB82WEST12345698765432")).containsExactly(PiiType.IBAN);
        assertThat(types("IBAN GB82WEST12345698765433")).isEmpty();
    }

    @Test
    void falsePositives_areLeftAlone() {
        assertThat(PiiDetector.find("""
                Release 2.14.3 shipped on 2024-01-15 at 10:30; build 20240115103000, order #1234-5678,
                SKU ELE-00042, version 10.0.0.300 of the agent, ISBN 978-3-16-148410-0, invoice 000-12-3456,
                cost 1,234,567.89 EUR, ratio 3:4, and the SSN-like 900-12-3456 from a test fixture.
                """)).isEmpty();
    }

    @Test
    void ipv4_octetsAboveTwoFiftyFive_areNotAddresses() {
        assertThat(types("host 192.168.1.20")).containsExactly(PiiType.IP_ADDRESS);
        assertThat(types("value 300.1.1.1")).isEmpty();
    }

    @Test
    void phoneFormats_withPrefixOrGrouping() {
        assertThat(types("call +1 (415) 555-2671")).containsExactly(PiiType.PHONE);
        assertThat(types("call (415) 555-2671")).containsExactly(PiiType.PHONE);
        assertThat(types("call 415-555-2671")).containsExactly(PiiType.PHONE);
        assertThat(types("room 4155")).isEmpty();
    }

    @Test
    void onlyTheRequestedTypes_areRedacted() {
        String text = "mail a@b.io from 10.0.0.1";
        assertThat(PiiDetector.redact(text, EnumSet.of(PiiType.EMAIL))).isEqualTo("mail [EMAIL] from 10.0.0.1");
        assertThat(PiiDetector.redact("nothing personal here")).isEqualTo("nothing personal here");
    }
}
