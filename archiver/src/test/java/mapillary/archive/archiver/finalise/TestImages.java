package mapillary.archive.archiver.finalise;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Small real images for tests: a JPEG from ImageIO and a WebP from {@code cwebp} when it is installed. */
public final class TestImages {

    private TestImages() {
    }

    public static byte[] jpeg(int w, int h, Color color) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    /** A WebP of the given size, or null when {@code cwebp} is not available. */
    public static byte[] webp(int w, int h, Color color, Path work) throws IOException, InterruptedException {
        Path jpg = Files.createTempFile(work, "src", ".jpg");
        Path webp = Files.createTempFile(work, "out", ".webp");
        Files.write(jpg, jpeg(w, h, color));
        Process p;
        try {
            p = new ProcessBuilder("cwebp", "-quiet", "-q", "50", jpg.toString(), "-o", webp.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return null;
        }
        return Files.readAllBytes(webp);
    }
}
