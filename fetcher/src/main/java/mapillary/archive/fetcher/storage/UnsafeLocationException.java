package mapillary.archive.fetcher.storage;

/** A task whose collection, id or sequence cannot become a path inside its collection; the image fails, nothing is written. */
public class UnsafeLocationException extends RuntimeException {

    public UnsafeLocationException(String message) {
        super(message);
    }
}
