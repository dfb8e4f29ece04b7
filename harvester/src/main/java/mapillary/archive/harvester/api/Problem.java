package mapillary.archive.harvester.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 7807 problem body ({@code application/problem+json}); {@code field} names the request field a 400 is
 * about, {@code harvest} the harvest a 409 is about.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field, String harvest) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://mapillary-archive.invalid/problems/";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, null);
    }

    /** The same problem about one request field. */
    public Problem about(String fieldName) {
        return new Problem(type, title, status, detail, fieldName, harvest);
    }
}
