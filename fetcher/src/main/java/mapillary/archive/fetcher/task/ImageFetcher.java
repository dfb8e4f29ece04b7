package mapillary.archive.fetcher.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.common.collection.DateBucket;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.event.ImageTask;
import mapillary.archive.common.io.AtomicFiles;
import mapillary.archive.common.io.PathComponents;
import mapillary.archive.fetcher.download.CdnDownloader;
import mapillary.archive.fetcher.download.DownloadResult;
import mapillary.archive.fetcher.image.ExifWriter;
import mapillary.archive.fetcher.image.WebpConverter;
import mapillary.archive.fetcher.image.XmpGpano;
import mapillary.archive.fetcher.storage.ImageLocation;
import mapillary.archive.fetcher.storage.StorageFullException;
import mapillary.archive.fetcher.storage.UnsafeLocationException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Turns one image task into one result (spec §4 with DESIGN §3 fixes): validate, download, tag (EXIF, XMP for
 * panoramas), convert to WebP when asked, and write {@code <date>/<sequence>/<id>.<ext>} atomically with
 * mtime = capture time. An image already on disk is not fetched again. Never throws for a bad task.
 */
public final class ImageFetcher {

    private static final Logger LOG = Logger.getLogger(ImageFetcher.class);

    private final Path stagingDir;
    private final CdnDownloader downloader;
    private final ExifWriter exif;
    private final WebpConverter webp;
    private final FetchListener listener;
    /**
     * Bounds the images held in memory for tagging and conversion: downloads stream to disk, so hundreds can be in
     * flight, but EXIF/XMP work on whole byte arrays (several copies of an image of up to many MB). That stage is
     * CPU-bound anyway, so a few per core lose nothing and keep the heap flat at any in-flight bound.
     */
    private final Semaphore inMemory = new Semaphore(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));

    public ImageFetcher(Path stagingDir, CdnDownloader downloader, ExifWriter exif, WebpConverter webp,
                        FetchListener listener) {
        this.stagingDir = stagingDir;
        this.downloader = downloader;
        this.exif = exif;
        this.webp = webp;
        this.listener = listener;
    }

    /**
     * Fetches one image.
     *
     * @throws InterruptedException on shutdown: the task is unfinished and must not be acknowledged
     * @throws StorageFullException  when the data dir is full: unfinished (no file left), retry when space is back
     */
    public ImageResult fetch(ImageTask task) throws InterruptedException {
        ObjectNode record = task.record();
        String imageId = task.imageId();
        String date = DateBucket.of(record);
        if (record == null) {
            return failed(task, imageId, date, "task has no image record", 0);
        }
        if (task.quality() == null) {
            return failed(task, imageId, date, "task has no quality", 0);
        }
        ImageLocation location;
        try {
            location = ImageLocation.resolve(stagingDir, task.collection(), record, task.webp() ? "webp" : "jpg");
        } catch (UnsafeLocationException e) {
            return failed(task, imageId, date, e.getMessage(), 0);
        }
        try {
            if (isComplete(location.file())) {
                listener.alreadyPresent();
                return ImageResult.ok(task, imageId, date, 0, Files.size(location.file()), location.relative(), 0);
            }
        } catch (IOException e) {
            // fall through: fetch it again
        }
        JsonNode urlNode = record.get(task.quality().urlField());
        if (urlNode == null || !urlNode.isTextual() || urlNode.asText().isBlank()) {
            return failed(task, imageId, date, "No " + task.quality().label() + " URL", 0);
        }
        List<Path> temps = new ArrayList<>(3);
        try {
            Files.createDirectories(location.dir());
            Path download = temp(location, temps);
            long started = System.nanoTime();
            DownloadResult result = downloader.download(imageId, task.quality(), urlNode.asText(), download);
            listener.downloaded(result, System.nanoTime() - started);
            if (result instanceof DownloadResult.Failed f) {
                return failed(task, imageId, date, f.reason(), f.attempts());
            }
            DownloadResult.Ok ok = (DownloadResult.Ok) result;
            Path finished = temp(location, temps);
            inMemory.acquire();
            try {
                byte[] tagged = tag(Files.readAllBytes(download), record, location.file());
                if (task.webp()) {
                    Files.write(download, tagged);
                    tagged = null; // let the copy go before the conversion
                    try {
                        webp.convert(download, finished);
                    } catch (WebpConverter.ConversionFailedException e) {
                        if (noRoomFor(location.dir(), Files.size(download))) {
                            // cwebp only says it could not write: a full disk is not the image's fault
                            throw new StorageFullException("no space left on device converting image "
                                    + PathComponents.quote(imageId), e);
                        }
                        return failed(task, imageId, date, "WebP conversion failed: " + e.getMessage(),
                                ok.attempts());
                    }
                    fsync(finished);
                } else {
                    writeSynced(finished, tagged);
                }
            } finally {
                inMemory.release();
            }
            capturedAt(record).ifPresent(t -> setMtime(finished, t));
            AtomicFiles.move(finished, location.file());
            temps.remove(finished);
            long fileBytes = Files.size(location.file());
            return ImageResult.ok(task, imageId, date, ok.bytes(), fileBytes, location.relative(), ok.attempts());
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof ClosedByInterruptException) {
                // shutdown interrupted a file operation: unfinished, not failed
                throw new InterruptedException("interrupted while writing image " + PathComponents.quote(imageId));
            }
            if (StorageFullException.isNoSpace(e)) {
                throw e instanceof StorageFullException full ? full
                        : new StorageFullException("no space left on device writing image "
                        + PathComponents.quote(imageId), e);
            }
            LOG.errorf(e, "image %s: could not be written", PathComponents.quote(imageId));
            return failed(task, imageId, date, "write failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), 0);
        } finally {
            temps.forEach(AtomicFiles::deleteQuietly);
        }
    }

    private ImageResult failed(ImageTask task, String imageId, String date, String reason, int attempts) {
        LOG.warnf("image %s of %s failed: %s", PathComponents.quote(imageId), PathComponents.quote(task.collection()),
                reason);
        listener.failed(reason);
        return ImageResult.failed(task, imageId, date, reason, attempts);
    }

    /** EXIF then XMP; a failure of either only logs a warning and keeps the bytes as they were (spec §4 steps 6-7). */
    private byte[] tag(byte[] jpeg, ObjectNode record, Path file) {
        byte[] out = jpeg;
        try {
            out = exif.write(out, record);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Failed to write EXIF data to %s: %s", file, e.toString());
        }
        Optional<String> packet = XmpGpano.packet(record);
        if (packet.isPresent()) {
            try {
                out = XmpGpano.insert(out, packet.get());
            } catch (RuntimeException e) {
                LOG.warnf("Failed to write XMP to %s: %s", file, e.getMessage());
            }
        } else if (record.path("is_pano").asBoolean(false)) {
            LOG.warnf("Skipping XMP for %s: missing dimensions", file);
        }
        return out;
    }

    /** True when the directory's file system cannot take another {@code bytes} (twice, for cwebp's output). */
    private static boolean noRoomFor(Path dir, long bytes) {
        try {
            return Files.getFileStore(dir).getUsableSpace() < 2 * bytes + (1 << 20);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isComplete(Path file) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) > 0;
    }

    private static Path temp(ImageLocation location, List<Path> temps) {
        Path t = AtomicFiles.tempSibling(location.file());
        temps.add(t);
        return t;
    }

    /** {@code captured_at} when it is a number (the original sets mtime whenever the key holds a value). */
    static Optional<FileTime> capturedAt(JsonNode record) {
        JsonNode c = record.get("captured_at");
        return c != null && c.isNumber() ? Optional.of(FileTime.fromMillis(c.asLong())) : Optional.empty();
    }

    private static void setMtime(Path file, FileTime time) {
        try {
            Files.setLastModifiedTime(file, time);
        } catch (IOException e) {
            LOG.warnf("could not set mtime of %s: %s", file, e.getMessage());
        }
    }

    private static void writeSynced(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
