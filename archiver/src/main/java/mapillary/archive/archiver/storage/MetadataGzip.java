package mapillary.archive.archiver.storage;

import mapillary.archive.common.format.Formats;
import mapillary.archive.common.io.AtomicFiles;
import org.jboss.logging.Logger;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Compresses {@code metadata.jsonl} into {@code metadata.jsonl.gz} (spec §6.2, §10.3): gzip level 9 with the
 * original name {@code metadata.jsonl} (FNAME) and the current time in the header, written atomically; the plain
 * file is deleted afterwards.
 */
public final class MetadataGzip {

    public static final String PLAIN = "metadata.jsonl";
    public static final String GZ = "metadata.jsonl.gz";
    private static final Logger LOG = Logger.getLogger(MetadataGzip.class);

    private MetadataGzip() {
    }

    /** Gzips the collection's metadata if the plain file exists and is non-empty; returns true when it did. */
    public static boolean compress(Path collectionDir, Instant now) throws IOException {
        Path plain = collectionDir.resolve(PLAIN);
        if (!Files.isRegularFile(plain) || Files.size(plain) == 0) {
            return false;
        }
        LOG.info("Compressing metadata.jsonl...");
        Path gz = collectionDir.resolve(GZ);
        Path tmp = AtomicFiles.tempSibling(gz);
        try {
            gzip(plain, tmp, PLAIN, now);
            AtomicFiles.move(tmp, gz);
        } finally {
            AtomicFiles.deleteQuietly(tmp);
        }
        long before = Files.size(plain);
        long after = Files.size(gz);
        Files.delete(plain);
        double savings = before == 0 ? 0 : (1 - (double) after / before) * 100;
        LOG.infof("Compressed metadata: %s → %s (%s%% savings)", Formats.size(before), Formats.size(after),
                String.format(Locale.ROOT, "%.1f", savings));
        return true;
    }

    /** Writes {@code source} as a gzip member named {@code name} to a new file {@code target}, fsynced. */
    static void gzip(Path source, Path target, String name, Instant mtime) throws IOException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            out.write(header(name, mtime));
            CRC32 crc = new CRC32();
            long length = 0;
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            try (InputStream in = Files.newInputStream(source)) {
                DeflaterOutputStream deflate = new DeflaterOutputStream(nonClosing(out), deflater, 1 << 16);
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    crc.update(buf, 0, n);
                    length += n;
                    deflate.write(buf, 0, n);
                }
                deflate.finish();
            } finally {
                deflater.end();
            }
            writeIntLe(out, (int) crc.getValue());
            writeIntLe(out, (int) length);
            out.flush();
            ch.force(true);
        }
    }

    private static byte[] header(String name, Instant mtime) {
        byte[] fname = name.getBytes(StandardCharsets.ISO_8859_1);
        byte[] h = new byte[10 + fname.length + 1];
        h[0] = 0x1f;
        h[1] = (byte) 0x8b;
        h[2] = 8;          // deflate
        h[3] = 0x08;       // FNAME
        long t = mtime.getEpochSecond();
        h[4] = (byte) t;
        h[5] = (byte) (t >> 8);
        h[6] = (byte) (t >> 16);
        h[7] = (byte) (t >> 24);
        h[8] = 2;          // XFL: maximum compression
        h[9] = (byte) 255; // OS: unknown, as Python's gzip writes
        System.arraycopy(fname, 0, h, 10, fname.length);
        return h;
    }

    private static void writeIntLe(OutputStream out, int v) throws IOException {
        out.write(v);
        out.write(v >> 8);
        out.write(v >> 16);
        out.write(v >> 24);
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
