package mapillary.archive.common.collection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A collection name (= IA identifier): {@code mapillary-<user>-<quality>[-webp][-bbox-<8hex>][-<part>]}.
 *
 * @param username Mapillary username, validated by {@link #isValidUsername(String)}
 * @param quality  thumbnail quality
 * @param webp     whether images are converted to WebP
 * @param bbox     8 lowercase hex chars identifying a bbox-limited harvest, or null
 * @param part     1 for the first item, 2.. for continuation items past the size cap
 */
public record CollectionName(String username, Quality quality, boolean webp, String bbox, int part) {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern NAME = Pattern.compile(
            "mapillary-(?<u>[A-Za-z0-9_.-]{1,64})-(?<q>256|1024|2048|original)(?<w>-webp)?"
                    + "(?:-bbox-(?<b>[0-9a-f]{8}))?(?:-(?<p>[2-9]|[1-9][0-9]+))?");

    public CollectionName {
        if (!isValidUsername(username)) {
            throw new IllegalArgumentException("invalid username: " + mapillary.archive.common.io.PathComponents.quote(username));
        }
        if (quality == null) {
            throw new IllegalArgumentException("quality is required");
        }
        if (bbox != null && !bbox.matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("bbox id must be 8 lowercase hex characters");
        }
        if (part < 1) {
            throw new IllegalArgumentException("part must be >= 1");
        }
    }

    /** The first part of a collection, with no bbox. */
    public static CollectionName of(String username, Quality quality, boolean webp) {
        return new CollectionName(username, quality, webp, null, 1);
    }

    /** The first part of a collection limited to the given bbox (null for none). */
    public static CollectionName of(String username, Quality quality, boolean webp, Bbox bbox) {
        return new CollectionName(username, quality, webp, bbox == null ? null : bbox.id(), 1);
    }

    /** Usernames become paths and identifiers: {@code [A-Za-z0-9_.-]{1,64}}, no leading dot. */
    public static boolean isValidUsername(String username) {
        return username != null && USERNAME.matcher(username).matches() && !username.startsWith(".");
    }

    /** Parses an identifier under our grammar; empty when it is not one of ours. */
    public static Optional<CollectionName> parse(String identifier) {
        if (identifier == null) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(identifier);
        if (!m.matches() || m.group("u").startsWith(".")) {
            return Optional.empty();
        }
        String p = m.group("p");
        return Optional.of(new CollectionName(m.group("u"), Quality.fromLabel(m.group("q")),
                m.group("w") != null, m.group("b"), p == null ? 1 : Integer.parseInt(p)));
    }

    /** The same collection without the part suffix: what stats and the IA check treat as one. */
    public CollectionName firstPart() {
        return new CollectionName(username, quality, webp, bbox, 1);
    }

    public CollectionName withPart(int newPart) {
        return new CollectionName(username, quality, webp, bbox, newPart);
    }

    /** The identifier, e.g. {@code mapillary-alice-original-webp}. */
    public String id() {
        StringBuilder sb = new StringBuilder("mapillary-").append(username).append('-').append(quality.label());
        if (webp) {
            sb.append("-webp");
        }
        if (bbox != null) {
            sb.append("-bbox-").append(bbox);
        }
        if (part > 1) {
            sb.append('-').append(part);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return id();
    }

    /** The first 8 hex chars of SHA-256 of the given text. */
    static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
