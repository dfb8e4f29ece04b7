package mapillary.archive.archiver.meta;

import mapillary.archive.common.collection.CollectionName;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.format.Formats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IA item metadata of a collection in the rip format's tags (spec §10.4), with our fixes: the true count of
 * distinct images archived, UTC dates, WebP stated only for WebP collections, our version, plus the structured tags
 * {@code image_count}, {@code mapillary_user}, {@code quality}, {@code webp}, {@code first_capture},
 * {@code last_capture} and {@code failed_count} that stats reads instead of parsing prose.
 */
public final class IaMetadata {

    public static final String PROJECT_URL = "https://bitplane.net/dev/python/mapillary_downloader/";
    public static final String RIP_URL = "https://bitplane.net/dev/sh/rip";
    static final String UNKNOWN = "unknown";

    private IaMetadata() {
    }

    /** Tag name to its values, in a stable order. */
    public static Map<String, List<String>> tags(MetaInput in) {
        CollectionName name = in.name();
        String user = name.username();
        String first = in.range() == null ? UNKNOWN : in.range().first();
        String last = in.range() == null ? UNKNOWN : in.range().last();
        Map<String, List<String>> t = new LinkedHashMap<>();
        t.put("title", List.of("Mapillary images by " + user));
        t.put("description", List.of(description(in, first, last)));
        t.put("subject", List.of("mapillary", "street-view", "computer-vision", "geospatial", "photography"));
        t.put("creator", List.of(user));
        t.put("date", List.of(first));
        t.put("coverage", List.of(first + " - " + last));
        t.put("licenseurl", List.of("https://creativecommons.org/licenses/by-sa/4.0/"));
        t.put("mediatype", List.of("data"));
        t.put("collection", List.of("mapillary-images"));
        t.put("source", List.of("https://www.mapillary.com/app/user/" + user));
        t.put("scanner", List.of("mapillary_downloader " + in.version() + " " + PROJECT_URL, "rip " + RIP_URL));
        t.put("mapillary_downloader", List.of(in.version()));
        t.put("image_count", List.of(Long.toString(in.archived())));
        t.put("mapillary_user", List.of(user));
        t.put("quality", List.of(name.quality().label()));
        t.put("webp", List.of(Boolean.toString(name.webp())));
        if (in.range() != null) {
            t.put("first_capture", List.of(first));
            t.put("last_capture", List.of(last));
        }
        t.put("failed_count", List.of(Long.toString(in.failed())));
        if (in.parts() > 1) {
            t.put("part", List.of(Integer.toString(in.part())));
            t.put("parts", List.of(Integer.toString(in.parts())));
        }
        return t;
    }

    /**
     * The metadata an item gets when an incremental upload creates it before the collection is finished: only what
     * is already known and what IA fixes at creation ({@code mediatype}, {@code collection}). The counts, dates and
     * description, and {@code mapillary_downloader} (which stats searches for, so an unfinished item is not counted),
     * are set at finalisation.
     */
    public static Map<String, List<String>> preliminary(CollectionName name, String version) {
        String user = name.username();
        Map<String, List<String>> t = new LinkedHashMap<>();
        t.put("title", List.of("Mapillary images by " + user));
        t.put("subject", List.of("mapillary", "street-view", "computer-vision", "geospatial", "photography"));
        t.put("creator", List.of(user));
        t.put("licenseurl", List.of("https://creativecommons.org/licenses/by-sa/4.0/"));
        t.put("mediatype", List.of("data"));
        t.put("collection", List.of("mapillary-images"));
        t.put("source", List.of("https://www.mapillary.com/app/user/" + user));
        t.put("scanner", List.of("mapillary_downloader " + version + " " + PROJECT_URL, "rip " + RIP_URL));
        t.put("mapillary_user", List.of(user));
        t.put("quality", List.of(name.quality().label()));
        t.put("webp", List.of(Boolean.toString(name.webp())));
        return t;
    }

    static String description(MetaInput in, String first, String last) {
        CollectionName name = in.name();
        StringBuilder d = new StringBuilder()
                .append("Street-level imagery from Mapillary user '").append(name.username()).append("'. Contains ")
                .append(Formats.thousands(in.archived())).append(" images in ").append(resolution(name.quality()))
                .append(" captured between ").append(first).append(" and ").append(last).append('.');
        if (in.parts() > 1) {
            d.append(" This item is part ").append(in.part()).append(" of ").append(in.parts()).append('.');
        }
        if (in.tarred()) {
            d.append(" Sequences have been individually tarred.");
        }
        if (name.webp()) {
            d.append(" Images were recompressed with WebP.");
        }
        d.append(" Images are organized by sequence ID and include EXIF metadata with GPS coordinates, camera")
                .append(" information, and compass direction.\n\nDownloaded using mapillary_downloader (")
                .append(PROJECT_URL).append("). Uploaded using rip (").append(RIP_URL).append(").");
        return d.toString();
    }

    private static String resolution(Quality q) {
        return q == Quality.ORIGINAL ? "original resolution" : q.label() + "px resolution";
    }
}
