package mapillary.archive.testkit.mapillary;

/**
 * One generated image record, computed on demand from (user seed, index); {@code null} means the API omits the field.
 *
 * @param index             position in the user's listing (0-based)
 * @param id                numeric-looking image id, unique across users
 * @param username          creator username
 * @param creatorId         creator id (numeric string)
 * @param capturedAtPresent whether the API returns {@code captured_at} at all
 * @param capturedAt        capture time in epoch ms; {@code null} with {@code capturedAtPresent} means JSON null
 * @param geometry          {@code [lon, lat]} or, as a quirk, {@code [lon, lat, alt]}
 * @param altitude          a Double, or a Long holding an unsigned-wrapped int32 such as 4294967281
 * @param sequence          sequence id, or {@code null} for an image outside any sequence
 * @param sequenceIndex     index of the sequence run this image sits in (even when {@code sequence} is null)
 */
public record SyntheticImage(
        int index,
        String id,
        String username,
        String creatorId,
        boolean capturedAtPresent,
        Long capturedAt,
        Double compassAngle,
        Double computedCompassAngle,
        double[] geometry,
        double[] computedGeometry,
        Number altitude,
        Double computedAltitude,
        boolean pano,
        String sequence,
        int sequenceIndex,
        String cameraType,
        double[] cameraParameters,
        String make,
        String model,
        Integer exifOrientation,
        double[] computedRotation,
        int width,
        int height,
        double qualityScore) {
}
