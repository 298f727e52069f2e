package io.lalo.pii;

/** One piece of personal data found in a text: its kind and where it is ({@code start} inclusive, {@code end} exclusive). */
public record PiiMatch(PiiType type, int start, int end, String text) {
}
