package mapillary.archive.stats.ia;

/** The IA search could not be completed (after its retries); the message says why, without secrets. */
public class IaUnavailableException extends RuntimeException {

    public IaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public IaUnavailableException(String message) {
        super(message);
    }
}
