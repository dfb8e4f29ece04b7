package mapillary.archive.fetcher.download;

/** What came of downloading one image: the bytes are in the target file, or a readable reason why not. */
public sealed interface DownloadResult {

    /** Attempts made (requests to the CDN). */
    int attempts();

    /** The whole body is in the target file. */
    record Ok(long bytes, int attempts) implements DownloadResult {
    }

    /** Gave up; {@code reason} is safe to log and publish (no token, no signed URL). */
    record Failed(String reason, int attempts) implements DownloadResult {
    }
}
