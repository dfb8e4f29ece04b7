package mapillary.archive.testkit.ia;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One PUT the fake IA-S3 received, accepted or not, so tests can assert what a client sent.
 *
 * @param identifier the bucket (item) of the path
 * @param filename   the file name of the path ("" for a bucket-creating PUT)
 * @param status     the HTTP status the fake answered
 * @param errorCode  the S3 error code when rejected (e.g. {@code SlowDown}, {@code AccessDenied}), else null
 * @param size       bytes received (0 when rejected before reading the body)
 * @param md5        hex MD5 of the bytes received, or null when not read
 * @param headers    request headers, names lower-cased; the secret in {@code authorization} is masked
 * @param at         when it arrived
 */
public record IaUpload(String identifier, String filename, int status, String errorCode, long size, String md5,
                       Map<String, List<String>> headers, Instant at) {

    /** The first value of a header (case-insensitive name), or null. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public boolean accepted() {
        return status == 200;
    }
}
