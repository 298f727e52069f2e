package io.lalo.governance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a masked value is shown. FULL hides it entirely; PARTIAL keeps the last four characters (enough to recognise a
 * card or phone number, not to use it); HASH replaces it with a stable digest, so equal values still group and join
 * without being revealed. NULL stays NULL: absence is not a secret. A value that is not text has no masked text
 * form and becomes NULL.
 *
 * <p>These are exactly the values the SQL layer's governed views compute in SQL ({@code '****' || SUBSTRING(…)},
 * {@code 'h:' || SUBSTRING(MD5(…) FROM 1 FOR 16)}), so a value masked in a query result and one masked in a
 * document or tool answer look the same.
 */
public final class ColumnMask {

    static final String HIDDEN = "****";

    private ColumnMask() {
    }

    public static Object apply(Obligations.MaskKind kind, Object value) {
        if (!(value instanceof CharSequence)) {
            return null;
        }
        String text = value.toString();
        return switch (kind) {
            case FULL -> HIDDEN;
            case PARTIAL -> text.length() <= 4 ? HIDDEN : HIDDEN + text.substring(text.length() - 4);
            case HASH -> "h:" + md5(text).substring(0, 16);
        };
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java platform", e);
        }
    }
}
