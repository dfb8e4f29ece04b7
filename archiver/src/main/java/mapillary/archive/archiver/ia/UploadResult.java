package mapillary.archive.archiver.ia;

/**
 * What an item upload did.
 *
 * @param uploaded files sent
 * @param skipped  files already on IA with the same MD5
 * @param bytes    bytes sent
 */
public record UploadResult(int uploaded, int skipped, long bytes) {
}
