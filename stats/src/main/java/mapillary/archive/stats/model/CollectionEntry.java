package mapillary.archive.stats.model;

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
 */
public record CollectionEntry(
        @JsonProperty("size") long size,
        @JsonProperty("uploader") String uploader,
        @JsonProperty("images") Long images,
        @JsonProperty("quality") String quality,
        @JsonProperty("username") String username,
        @JsonProperty("is_webp") boolean webp,
        @JsonProperty("ia_collection") List<String> iaCollection) {
}
