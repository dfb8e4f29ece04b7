package mapillary.archive.stats.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One archived collection as stats knows it (the original's {@code .stats.json} entry; size-cap parts merged).
 *
 * @param size         bytes on IA (all parts)
 * @param uploader     IA account that uploaded it, or null when not (yet) known
 * @param images       image count, or null when IA says nothing about it
 * @param quality      quality label ({@code original}, {@code 2048}, ...)
 * @param username     Mapillary username
 * @param webp         whether images were converted to WebP
 * @param iaCollection the IA collections the item belongs to
 * @param firstCapture first capture date {@code YYYY-MM-DD} (UTC), or null when unknown
 * @param lastCapture  last capture date {@code YYYY-MM-DD} (UTC), or null when unknown
 */
public record CollectionEntry(
        @JsonProperty("size") long size,
        @JsonProperty("uploader") String uploader,
        @JsonProperty("images") Long images,
        @JsonProperty("quality") String quality,
        @JsonProperty("username") String username,
        @JsonProperty("is_webp") boolean webp,
        @JsonProperty("ia_collection") List<String> iaCollection,
        @JsonProperty("first_capture") @JsonInclude(JsonInclude.Include.NON_NULL) String firstCapture,
        @JsonProperty("last_capture") @JsonInclude(JsonInclude.Include.NON_NULL) String lastCapture) {

    /** The IA collection the original expects every item in. */
    public static final String MAPILLARY_IMAGES = "mapillary-images";

    public CollectionEntry(long size, String uploader, Long images, String quality, String username, boolean webp,
                           List<String> iaCollection) {
        this(size, uploader, images, quality, username, webp, iaCollection, null, null);
    }

    public CollectionEntry {
        iaCollection = iaCollection == null ? List.of() : List.copyOf(iaCollection);
    }

    /** Whether this item sits outside {@code mapillary-images} (so its uploader is looked up and reported). */
    public boolean outsideMapillaryImages() {
        return !iaCollection.contains(MAPILLARY_IMAGES);
    }

    /** The image count with unknown counted as 0, as the original sums it. */
    public long imagesOrZero() {
        return images == null ? 0 : images;
    }

    public CollectionEntry withUploader(String u) {
        return new CollectionEntry(size, u, images, quality, username, webp, iaCollection, firstCapture, lastCapture);
    }
}
