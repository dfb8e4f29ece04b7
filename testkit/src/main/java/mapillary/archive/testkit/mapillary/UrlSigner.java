package mapillary.archive.testkit.mapillary;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/** Signs and verifies the fake CDN's thumbnail URLs like fbcdn's {@code oh=} (HMAC) and {@code oe=} (hex expiry). */
final class UrlSigner {

    private final SecretKeySpec key;

    UrlSigner(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** A MAC to reuse within one request (Mac is not thread-safe). */
    Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code oh} value for (id, quality, expiry, generation). */
    String sign(Mac mac, String id, String quality, String oeHex, long generation) {
        String payload = id + '|' + quality + '|' + oeHex + '|' + generation;
        byte[] sig = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        return "00_" + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }

    boolean verify(String id, String quality, String oeHex, long generation, String oh) {
        if (oh == null) {
            return false;
        }
        String expected = sign(newMac(), id, quality, oeHex, generation);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                oh.getBytes(StandardCharsets.US_ASCII));
    }

    static String oeHex(long expiryEpochSeconds) {
        String hex = Long.toHexString(expiryEpochSeconds).toUpperCase();
        return hex.length() >= 8 ? hex : "0".repeat(8 - hex.length()) + hex;
    }
}
