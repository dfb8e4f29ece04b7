package mapillary.archive.harvester.mapillary;

import java.util.regex.Pattern;

/** Keeps secrets out of stored URLs, logs and error messages. */
public final class Redaction {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("([?&])access_token=[^&#]*&?");

    private Redaction() {
    }

    /** Removes any {@code access_token} query parameter from a URL. */
    public static String stripAccessToken(String url) {
        if (url == null) {
            return null;
        }
        String s = ACCESS_TOKEN.matcher(url).replaceAll("$1");
        if (s.endsWith("?") || s.endsWith("&")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** Replaces every occurrence of the secret in {@code text}, and strips access tokens from URLs in it. */
    public static String redact(String text, String secret) {
        if (text == null) {
            return null;
        }
        String s = text;
        if (secret != null && !secret.isEmpty()) {
            s = s.replace(secret, "[redacted]");
        }
        return s.replaceAll("access_token=[^&#\\s\"]*", "access_token=[redacted]");
    }
}
