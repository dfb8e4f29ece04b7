package mapillary.archive.archiver.tar;

import mapillary.archive.common.format.Formats;
import mapillary.archive.common.io.AtomicFiles;
import mapillary.archive.common.io.DirectoryTree;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Tars one date directory of a collection (spec §10.2) into {@code <date>.tar} or the next free addendum: written
 * to a temp name, fsynced, verified, linked into place without ever overwriting, and only then is the directory
 * removed. Files already held by an earlier tar of the date (same path and size) are not tarred again, so a crash
 * between the tar and the removal, or a redelivered image, never duplicates an entry.
 */
public final class DateTarrer {

    private static final Logger LOG = Logger.getLogger(DateTarrer.class);

    private DateTarrer() {
    }

    /** Tars {@code collectionDir/<date>}; a missing directory is a no-op. */
    public static DateTarResult tar(Path collectionDir, String date) throws IOException {
        Path dir = collectionDir.resolve(date);
        if (!Files.isDirectory(dir)) {
            return new DateTarResult(date, null, 0, 0, 0);
        }
        removeTempTars(collectionDir, date);
        List<String> files = listFiles(collectionDir, dir);
        Map<String, Long> tarred = new HashMap<>();
        for (Path existing : TarNames.existing(collectionDir, date)) {
            tarred.putAll(TarIndex.read(existing));
        }
        List<String> fresh = new ArrayList<>();
        int already = 0;
        for (String f : files) {
            Long size = tarred.get(f);
            if (size != null && size == Files.size(collectionDir.resolve(f))) {
                already++;
            } else {
                fresh.add(f);
            }
        }
        if (files.isEmpty()) {
            LOG.warnf("Skipping empty date directory: %s", date);
            removeEmptyTree(dir);
            return new DateTarResult(date, null, 0, 0, 0);
        }
        if (fresh.isEmpty()) {
            LOG.infof("All %d files of date '%s' are already tarred; removing the directory", already, date);
            DirectoryTree.delete(dir);
            return new DateTarResult(date, null, 0, already, 0);
        }
        String name = TarNames.firstFree(collectionDir, date);
        if (!name.equals(date + ".tar")) {
            LOG.infof("Existing tar for %s, creating addendum: %s", date, name);
        }
        LOG.infof("Tarring date '%s' (%d files)...", date, fresh.size());
        Path target = collectionDir.resolve(name);
        Path tmp = AtomicFiles.tempSibling(target);
        long bytes;
        try {
            bytes = DeterministicTar.write(collectionDir, fresh, tmp);
            verify(collectionDir, fresh, tmp);
            publish(tmp, target);
        } finally {
            AtomicFiles.deleteQuietly(tmp);
        }
        DirectoryTree.delete(dir);
        LOG.infof("Tarred date '%s': %d files, %s", date, fresh.size(), Formats.size(bytes));
        return new DateTarResult(date, name, fresh.size(), already, bytes);
    }

    /**
     * Deletes the temp file of a tar of {@code date} whose writer was killed mid-write ({@code .<date>[.N].tar.*.tmp}):
     * it was never linked into place, its directory is still there and is tarred again now.
     */
    static void removeTempTars(Path collectionDir, String date) throws IOException {
        java.util.regex.Pattern temp = java.util.regex.Pattern.compile(
                "\\." + java.util.regex.Pattern.quote(date) + "(\\.[1-9][0-9]*)?\\.tar\\.[0-9a-f]+\\.tmp");
        try (Stream<Path> s = Files.list(collectionDir)) {
            for (Path p : s.filter(p -> temp.matcher(p.getFileName().toString()).matches()).toList()) {
                LOG.infof("Removing %s, a tar left unfinished by a crash", p.getFileName());
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Every regular file under {@code dir}, relative to {@code base} with {@code /}, sorted by code point. Hidden
     * files are left out: they are temp files of a writer killed mid-write (image ids never start with a dot).
     */
    static List<String> listFiles(Path base, Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .forEach(p -> files.add(base.relativize(p).toString().replace('\\', '/')));
        }
        files.sort(DateTarrer::compareCodePoints);
        return files;
    }

    /** Plain code-point order (Python's default string sort), not UTF-16 unit order. */
    static int compareCodePoints(String a, String b) {
        return Objects.compare(a, b, (x, y) -> {
            int i = 0;
            int j = 0;
            while (i < x.length() && j < y.length()) {
                int cx = x.codePointAt(i);
                int cy = y.codePointAt(j);
                if (cx != cy) {
                    return Integer.compare(cx, cy);
                }
                i += Character.charCount(cx);
                j += Character.charCount(cy);
            }
            return Integer.compare(x.length() - i, y.length() - j);
        });
    }

    private static void verify(Path base, List<String> expected, Path tar) throws IOException {
        Map<String, Long> entries = TarIndex.read(tar);
        if (entries.size() != expected.size()) {
            throw new IOException("tar verification failed for " + tar.getFileName() + ": " + entries.size()
                    + " entries, expected " + expected.size());
        }
        for (String name : expected) {
            Long size = entries.get(name);
            if (size == null || size != Files.size(base.resolve(name))) {
                throw new IOException("tar verification failed for " + tar.getFileName() + ": entry " + name);
            }
        }
    }

    /** Puts the finished temp tar at {@code target} without replacing anything there, then fsyncs the directory. */
    private static void publish(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(target)) {
                throw new IOException("refusing to overwrite existing tar " + target.getFileName(), e);
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        try (FileChannel ch = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every filesystem allows fsync on a directory
        }
    }

    /** Removes a tree holding only directories (left by failed downloads, spec §19.19); keeps it if a file appears. */
    private static void removeEmptyTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> dirs = s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
            for (Path d : dirs) {
                Files.deleteIfExists(d);
            }
        } catch (IOException e) {
            LOG.debugf("could not remove empty date directory %s: %s", dir, e.getMessage());
        }
    }
}
