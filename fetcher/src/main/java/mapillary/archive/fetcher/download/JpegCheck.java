package mapillary.archive.fetcher.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Tells a whole JPEG (SOI at the start, EOI at the end, ignoring zero padding) from a truncated one. */
public final class JpegCheck {

    private static final int TAIL = 1024;

    private JpegCheck() {
    }

    /** Empty when the file looks like a complete JPEG, else a short reason. */
    public static Optional<String> problem(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 4) {
                return Optional.of("not a JPEG (" + size + " bytes)");
            }
            ByteBuffer head = ByteBuffer.allocate(2);
            ch.read(head, 0);
            if ((head.get(0) & 0xff) != 0xFF || (head.get(1) & 0xff) != 0xD8) {
                return Optional.of("not a JPEG (no SOI marker)");
            }
            int n = (int) Math.min(TAIL, size);
            ByteBuffer tail = ByteBuffer.allocate(n);
            long pos = size - n;
            while (tail.hasRemaining()) {
                int r = ch.read(tail, pos + tail.position());
                if (r < 0) {
                    break;
                }
            }
            byte[] b = tail.array();
            int end = n;
            while (end > 0 && b[end - 1] == 0) {
                end--;
            }
            if (end >= 2 && (b[end - 2] & 0xff) == 0xFF && (b[end - 1] & 0xff) == 0xD9) {
                return Optional.empty();
            }
            return Optional.of("truncated JPEG (no EOI marker)");
        }
    }
}
