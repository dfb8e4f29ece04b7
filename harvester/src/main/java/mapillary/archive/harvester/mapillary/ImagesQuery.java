package mapillary.archive.harvester.mapillary;

import mapillary.archive.common.collection.Bbox;
import mapillary.archive.common.collection.Quality;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The first listing request of a user (spec §3.2): parameters in the original's order, commas as {@code %2C}. */
public final class ImagesQuery {

    /** The fields requested, in the original's order; the last one is the quality's thumbnail URL. */
    public static final List<String> BASE_FIELDS = List.of("id", "captured_at", "compass_angle",
            "computed_compass_angle", "geometry", "computed_geometry", "altitude", "computed_altitude", "is_pano",
            "sequence", "camera_type", "camera_parameters", "make", "model", "exif_orientation", "computed_rotation",
            "height", "width");

    private ImagesQuery() {
    }

    public static List<String> fields(Quality quality) {
        return java.util.stream.Stream.concat(BASE_FIELDS.stream(), java.util.stream.Stream.of(quality.urlField()))
                .toList();
    }

    /** {@code <api>/images?creator_username=<u>&limit=<n>&fields=<...>[&bbox=<w,s,e,n>]}. */
    public static String firstPage(String apiUrl, String username, Quality quality, int limit, Bbox bbox) {
        String base = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        StringBuilder sb = new StringBuilder(base).append("/images?creator_username=").append(enc(username))
                .append("&limit=").append(limit)
                .append("&fields=").append(enc(String.join(",", fields(quality))));
        if (bbox != null) {
            sb.append("&bbox=").append(enc(bbox.queryValue()));
        }
        return sb.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
