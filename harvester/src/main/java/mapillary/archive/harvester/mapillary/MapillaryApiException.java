package mapillary.archive.harvester.mapillary;

/** The listing failed for good: a 4xx that is not worth retrying, retries exhausted, or a body that is not JSON. */
public class MapillaryApiException extends Exception {

    private final int status;

    public MapillaryApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** HTTP status of the last answer, or 0 for a transport failure. */
    public int status() {
        return status;
    }
}
