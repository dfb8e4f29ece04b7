package mapillary.archive.common.io;

import java.util.regex.Pattern;

/** Validates untrusted ids (image, sequence) before they become a path component inside a collection. */
public final class PathComponents {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}");

    private PathComponents() {
    }

    /** True when {@code s} is a single, harmless file name: no separators, no dots-only, no leading dot. */
    public static boolean isSafe(String s) {
        return s != null && SAFE.matcher(s).matches();
    }

    /** Returns {@code s} or throws with a readable, log-safe message naming {@code what}. */
    public static String requireSafe(String what, String s) {
        if (!isSafe(s)) {
            throw new IllegalArgumentException("unsafe " + what + ": " + quote(s));
        }
        return s;
    }

    /** Quotes untrusted text for a log line or error: printable ASCII only, at most 80 chars. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return '"' + cut.replaceAll("[^\\x20-\\x7e]", "?") + '"';
    }
}
