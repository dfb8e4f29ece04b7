package mapillary.archive.common.collection;

import java.math.BigDecimal;
import java.util.List;

/**
 * A bounding box {@code west,south,east,north} in degrees, validated; a bbox harvest is its own collection.
 */
public record Bbox(double west, double south, double east, double north) {

    public Bbox {
        List<Double> all = List.of(west, south, east, north);
        if (all.stream().anyMatch(d -> !Double.isFinite(d))) {
            throw new IllegalArgumentException("bbox values must be finite numbers");
        }
        if (west < -180 || east > 180 || south < -90 || north > 90) {
            throw new IllegalArgumentException("bbox must lie within longitude -180..180 and latitude -90..90");
        }
        if (!(west < east)) {
            throw new IllegalArgumentException("bbox west must be less than east");
        }
        if (!(south < north)) {
            throw new IllegalArgumentException("bbox south must be less than north");
        }
    }

    /** Parses {@code "w,s,e,n"}; throws IllegalArgumentException with a readable message. */
    public static Bbox parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("bbox must be four comma-separated numbers");
        }
        String[] parts = text.split(",", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("bbox must be four comma-separated numbers");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bbox must be four comma-separated numbers");
            }
        }
        return new Bbox(v[0], v[1], v[2], v[3]);
    }

    /** Canonical text: each number in plain decimal without trailing zeros, e.g. {@code 2.3,48.8,2.4,48.9}. */
    public String normalised() {
        return plain(west) + "," + plain(south) + "," + plain(east) + "," + plain(north);
    }

    /** The API's {@code bbox} parameter value (same as {@link #normalised()}). */
    public String queryValue() {
        return normalised();
    }

    /** 8 lowercase hex chars of SHA-256 of {@link #normalised()}: the collection name suffix. */
    public String id() {
        return CollectionName.shortHash(normalised());
    }

    private static String plain(double d) {
        if (d == 0) {
            return "0";
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
