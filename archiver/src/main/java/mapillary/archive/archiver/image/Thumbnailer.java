package mapillary.archive.archiver.image;

import mapillary.archive.archiver.tar.TarNames;
import mapillary.archive.common.collection.DateBucket;
import mapillary.archive.common.io.AtomicFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.jboss.logging.Logger;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes the item thumbnail {@code __ia_thumb__.jpg} (spec §10.1): the first image of the collection in sorted path
 * order (from a date directory or, when that date is already tarred, from its tar), shrunk to fit 256x256 keeping
 * the aspect ratio and never enlarged, saved as JPEG quality 75. WebP is decoded with {@code dwebp}. Any failure is
 * a logged warning, never fatal (spec §19.20).
 */
public final class Thumbnailer {

    public static final String NAME = "__ia_thumb__.jpg";
    public static final int BOX = 256;
    private static final Logger LOG = Logger.getLogger(Thumbnailer.class);

    private final String dwebp;

    public Thumbnailer(String dwebp) {
        this.dwebp = dwebp;
    }

    /** Writes the thumbnail; returns false (with a warning) when there is no usable image. */
    public boolean make(Path collectionDir, boolean webp) {
        String ext = webp ? ".webp" : ".jpg";
        try {
            Source source = firstImage(collectionDir, ext);
            if (source == null) {
                LOG.warn("No images found for thumbnail");
                return false;
            }
            BufferedImage image = decode(source, webp);
            if (image == null) {
                LOG.warnf("Thumbnail skipped: %s could not be decoded", source.name());
                return false;
            }
            AtomicFiles.write(collectionDir.resolve(NAME), jpeg(shrink(image), 0.75f));
            LOG.infof("Thumbnail: %s", NAME);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Thumbnail skipped: %s", e.getMessage());
            return false;
        }
    }

    /** Scales to fit within 256x256, keeping the aspect ratio; never enlarges. */
    public static BufferedImage shrink(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        double ratio = Math.min(1.0, Math.min((double) BOX / w, (double) BOX / h));
        int nw = Math.max(1, (int) Math.round(w * ratio));
        int nh = Math.max(1, (int) Math.round(h * ratio));
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, nw, nh, java.awt.Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), p);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private BufferedImage decode(Source source, boolean webp) throws IOException {
        Path tmpDir = Files.createTempDirectory("archiver-thumb");
        try {
            Path file = tmpDir.resolve(webp ? "in.webp" : "in.jpg");
            try (InputStream in = source.open()) {
                Files.copy(in, file);
            }
            if (!webp) {
                return ImageIO.read(file.toFile());
            }
            Path png = tmpDir.resolve("out.png");
            Process p;
            try {
                p = new ProcessBuilder(dwebp, "-quiet", file.toString(), "-o", png.toString())
                        .redirectErrorStream(true).redirectOutput(tmpDir.resolve("dwebp.log").toFile()).start();
            } catch (IOException e) {
                LOG.warnf("Thumbnail skipped: %s is not available to decode WebP (%s)", dwebp, e.getMessage());
                return null;
            }
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return null;
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                return null;
            }
            return p.exitValue() == 0 ? ImageIO.read(png.toFile()) : null;
        } finally {
            try (Stream<Path> s = Files.list(tmpDir)) {
                s.forEach(AtomicFiles::deleteQuietly);
            }
            AtomicFiles.deleteQuietly(tmpDir);
        }
    }

    /** The smallest relative path with {@code ext} among the date directories' files and the date tars' entries. */
    static Source firstImage(Path collectionDir, String ext) throws IOException {
        Source best = null;
        List<Path> dateDirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(collectionDir)) {
            s.filter(Files::isDirectory).filter(p -> DateBucket.isDateDirectory(p.getFileName().toString()))
                    .forEach(dateDirs::add);
        }
        for (Path dir : dateDirs) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    String rel = collectionDir.relativize(p).toString().replace('\\', '/');
                    if (rel.endsWith(ext) && (best == null || rel.compareTo(best.name()) < 0)) {
                        best = new Source(rel, () -> Files.newInputStream(p));
                    }
                }
            }
        }
        for (Path tar : TarNames.existing(collectionDir, null)) {
            try (TarFile t = new TarFile(tar)) {
                for (TarArchiveEntry e : t.getEntries()) {
                    if (e.isFile() && e.getName().endsWith(ext)) {
                        if (best == null || e.getName().compareTo(best.name()) < 0) {
                            String entry = e.getName();
                            best = new Source(entry, () -> readEntry(tar, entry));
                        }
                        break; // entries are sorted: the first match is the tar's smallest
                    }
                }
            }
        }
        return best;
    }

    private static InputStream readEntry(Path tar, String entry) throws IOException {
        try (TarFile t = new TarFile(tar)) {
            for (TarArchiveEntry e : t.getEntries()) {
                if (e.getName().equals(entry)) {
                    try (InputStream in = t.getInputStream(e)) {
                        return new java.io.ByteArrayInputStream(in.readAllBytes());
                    }
                }
            }
        }
        throw new IOException("entry vanished from " + tar.getFileName());
    }

    /** A candidate image: its path relative to the collection and how to read it. */
    record Source(String name, Opener opener) {
        InputStream open() throws IOException {
            return opener.open();
        }
    }

    /** Opens a candidate's bytes. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }
}
