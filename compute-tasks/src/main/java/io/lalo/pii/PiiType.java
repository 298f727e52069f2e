package io.lalo.pii;

/** The kinds of personal data LALO detects and redacts. */
public enum PiiType {
    EMAIL,
    PHONE,
    /** A payment card number with a known issuer prefix that passes the Luhn check. */
    PAYMENT_CARD,
    /** An IBAN whose mod-97 check digits are right. */
    IBAN,
    /** A US social security number or a UK national insurance number in their valid ranges. */
    NATIONAL_ID,
    IP_ADDRESS
}
