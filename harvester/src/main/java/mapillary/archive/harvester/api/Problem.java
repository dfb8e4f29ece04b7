package mapillary.archive.harvester.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 7807 problem body ({@code application/problem+json}); {@code harvest} names the harvest a 409 is about.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String harvest) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("https://mapillary-archive.invalid/problems/" + slug, title, status, detail, null);
    }
}
