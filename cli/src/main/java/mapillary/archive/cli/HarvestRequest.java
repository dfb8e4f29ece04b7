package mapillary.archive.cli;

/** The body of {@code POST /harvests} for one user. */
public record HarvestRequest(String username, String quality, boolean webp, boolean tar, boolean checkIa,
                             boolean force, String bbox) {
}
