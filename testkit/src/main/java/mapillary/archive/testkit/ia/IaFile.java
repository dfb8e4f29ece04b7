package mapillary.archive.testkit.ia;

import java.time.Instant;

/**
 * A file of a fake IA item, as a test sees it: what {@code files[]} of the metadata API reports, plus the bytes when
 * the fake keeps them.
 *
 * @param name    file name inside the item (may contain '/')
 * @param size    bytes
 * @param md5     lowercase hex MD5 of the content
 * @param mtime   when it was stored
 * @param content the bytes, or null when the fake stores only size and MD5 ({@link FakeInternetArchive.Options#storeContent()})
 */
public record IaFile(String name, long size, String md5, Instant mtime, byte[] content) {
}
