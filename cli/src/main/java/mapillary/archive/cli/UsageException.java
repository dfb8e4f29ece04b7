package mapillary.archive.cli;

/** A command line the CLI cannot understand: printed with the usage, exit code 2 (like argparse). */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
