package mapillary.archive.cli;

/** An option that parses but makes no sense (the original's "Error: ..." checks): printed alone, exit code 1. */
public class InvalidOptionException extends RuntimeException {

    public InvalidOptionException(String message) {
        super(message);
    }
}
