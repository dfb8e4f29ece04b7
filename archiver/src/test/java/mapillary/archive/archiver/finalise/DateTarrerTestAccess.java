package mapillary.archive.archiver.finalise;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** SHA-256 of a file, for tests that a tar was never rewritten. */
final class DateTarrerTestAccess {

    private DateTarrerTestAccess() {
    }

    static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
