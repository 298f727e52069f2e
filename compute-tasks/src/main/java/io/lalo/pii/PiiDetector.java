package io.lalo.pii;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and redacts personal data in text. Each kind is a pattern for candidates followed by a check that rejects
 * look-alikes: card numbers must pass the Luhn check and start with a real issuer prefix, IBANs must pass mod 97,
 * social security numbers must be in the issued ranges, IPv4 octets must be at most 255, phone numbers need an
 * international prefix or the usual grouping. Overlapping finds keep the earliest, then the longest.
 */
public final class PiiDetector {

    private record Rule(PiiType type, Pattern pattern, Predicate<String> valid) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(PiiType.EMAIL, Pattern.compile(
                    "(?<![\\w.%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24}\\b"),
                    text -> true),
            new Rule(PiiType.PAYMENT_CARD, Pattern.compile("(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d-])"),
                    PiiDetector::isCard),
            new Rule(PiiType.IBAN, Pattern.compile(
                    "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b"), PiiDetector::isIban),
            new Rule(PiiType.NATIONAL_ID, Pattern.compile(
                    "\\b(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}\\b"
                    + "|\\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]\\b"),
                    text -> true),
            new Rule(PiiType.IP_ADDRESS, Pattern.compile(
                    "(?<![\\d.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\d.])"
                    + "|(?<![\\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\\w:])"
                    + "|(?<![\\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}(?::[0-9A-Fa-f]{1,4}){1,6}(?![\\w:])"),
                    PiiDetector::isIp),
            new Rule(PiiType.PHONE, Pattern.compile(
                    "(?<![\\w+])\\+\\d{1,3}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{1,4}(?:[ .-]?\\d{2,4}){1,4}(?!\\w)"
                    + "|(?<!\\w)\\(\\d{3}\\) ?\\d{3}-\\d{4}(?!\\w)"
                    + "|(?<![\\w-])\\d{3}[.-]\\d{3}[.-]\\d{4}(?![\\w-])"),
                    PiiDetector::isPhone));

    private PiiDetector() {
    }

    /** Every find of the given kinds, in text order, without overlaps. */
    public static List<PiiMatch> find(String text, Set<PiiType> types) {
        List<PiiMatch> candidates = new ArrayList<>();
        for (Rule rule : RULES) {
            if (!types.contains(rule.type())) {
                continue;
            }
            Matcher m = rule.pattern().matcher(text);
            while (m.find()) {
                if (rule.valid().test(m.group())) {
                    candidates.add(new PiiMatch(rule.type(), m.start(), m.end(), m.group()));
                }
            }
        }
        candidates.sort(Comparator.comparingInt(PiiMatch::start)
                .thenComparing(Comparator.comparingInt((PiiMatch match) -> match.end() - match.start()).reversed()));
        List<PiiMatch> kept = new ArrayList<>();
        int covered = -1;
        for (PiiMatch match : candidates) {
            if (match.start() >= covered) {
                kept.add(match);
                covered = match.end();
            }
        }
        return kept;
    }

    public static List<PiiMatch> find(String text) {
        return find(text, EnumSet.allOf(PiiType.class));
    }

    /** The text with each find replaced by {@code [TYPE]}, e.g. {@code [EMAIL]}. */
    public static String redact(String text, Set<PiiType> types) {
        List<PiiMatch> matches = find(text, types);
        if (matches.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (PiiMatch match : matches) {
            out.append(text, at, match.start()).append('[').append(match.type().name()).append(']');
            at = match.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    public static String redact(String text) {
        return redact(text, EnumSet.allOf(PiiType.class));
    }

    static boolean isCard(String candidate) {
        String digits = candidate.replaceAll("[ -]", "");
        if (digits.length() < 13 || digits.length() > 19 || !knownIssuer(digits)) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static boolean knownIssuer(String digits) {
        int two = Integer.parseInt(digits.substring(0, 2));
        int four = Integer.parseInt(digits.substring(0, 4));
        return digits.charAt(0) == '4'
                || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)
                || two == 34 || two == 37
                || four == 6011 || two == 65 || (two >= 36 && two <= 39 && digits.length() >= 14)
                || (four >= 3528 && four <= 3589);
    }

    static boolean isIban(String candidate) {
        String iban = candidate.replace(" ", "").toUpperCase(Locale.ROOT);
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    static boolean isIp(String candidate) {
        if (candidate.contains(":")) {
            return true;
        }
        for (String octet : candidate.split("\\.")) {
            if (Integer.parseInt(octet) > 255 || (octet.length() > 1 && octet.startsWith("0"))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPhone(String candidate) {
        long digits = candidate.chars().filter(Character::isDigit).count();
        return digits >= 9 && digits <= 15;
    }
}
