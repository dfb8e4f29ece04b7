package mapillary.archive.cli;

/**
 * An HTTP call that did not work: the server's answer (status and the problem's {@code detail}) or why it could not
 * be reached. The message never contains the API key.
 */
public class ApiException extends Exception {

    private final int status;
    private final String harvestId;

    public ApiException(int status, String message, String harvestId) {
        super(message);
        this.status = status;
        this.harvestId = harvestId;
    }

    /** 0 when the server could not be reached (or answered something unreadable). */
    public int status() {
        return status;
    }

    /** For a 409: the id of the harvest already running for the collection. */
    public String harvestId() {
        return harvestId;
    }

    public boolean unreachable() {
        return status == 0;
    }
}
