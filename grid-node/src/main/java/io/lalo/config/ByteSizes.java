package io.lalo.config;

/** Formats byte counts the way configuration values are written ({@code 512m}, {@code 2g}). */
final class ByteSizes {

    private ByteSizes() {
    }

    static String format(long bytes) {
        String[] units = {"t", "g", "m", "k"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
