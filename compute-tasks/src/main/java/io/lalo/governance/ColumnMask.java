package io.lalo.governance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a masked column's value is shown. FULL hides it entirely; PARTIAL keeps the last four characters (enough to
 * recognise a card or phone number, not to use it); HASH replaces it with a stable digest, so equal values still
 * group and join without being revealed. NULL stays NULL: absence is not a secret.
 */
public final class ColumnMask {

    static final String HIDDEN = "****";

    private ColumnMask() {
    }

    public static Object apply(Obligations.MaskKind kind, Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return switch (kind) {
            case FULL -> HIDDEN;
            case PARTIAL -> text.length() <= 4 ? HIDDEN : "*".repeat(text.length() - 4) + text.substring(text.length() - 4);
            case HASH -> "h:" + sha256(text).substring(0, 16);
        };
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
