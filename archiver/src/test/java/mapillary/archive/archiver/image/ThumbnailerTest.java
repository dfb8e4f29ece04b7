package mapillary.archive.archiver.image;

import mapillary.archive.archiver.finalise.TestImages;
import mapillary.archive.archiver.tar.DateTarrer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ThumbnailerTest {

    @TempDir
    Path dir;

    private void put(String rel, byte[] bytes) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    @Test
    void shrinksTheFirstImageInSortedOrderToFitTheBox() throws Exception {
        put("2024-01-16/s/1.jpg", TestImages.jpeg(100, 100, Color.GREEN));
        put("2024-01-15/z/9.jpg", TestImages.jpeg(640, 320, Color.RED));

        assertThat(new Thumbnailer("dwebp").make(dir, false)).isTrue();

        BufferedImage thumb = ImageIO.read(dir.resolve(Thumbnailer.NAME).toFile());
        assertThat(thumb.getWidth()).isEqualTo(256);
        assertThat(thumb.getHeight()).isEqualTo(128);
        assertThat(new Color(thumb.getRGB(128, 64)).getRed()).isGreaterThan(200);
    }

    @Test
    void neverEnlarges() {
        BufferedImage small = new BufferedImage(100, 40, BufferedImage.TYPE_INT_RGB);
        BufferedImage tall = new BufferedImage(300, 1200, BufferedImage.TYPE_INT_RGB);

        assertThat(Thumbnailer.shrink(small).getWidth()).isEqualTo(100);
        assertThat(Thumbnailer.shrink(small).getHeight()).isEqualTo(40);
        assertThat(Thumbnailer.shrink(tall).getWidth()).isEqualTo(64);
        assertThat(Thumbnailer.shrink(tall).getHeight()).isEqualTo(256);
    }

    @Test
    void readsTheImageFromADateAlreadyTarred() throws Exception {
        put("2024-01-15/s/1.jpg", TestImages.jpeg(512, 512, Color.BLUE));
        DateTarrer.tar(dir, "2024-01-15");
        put("2024-01-20/s/2.jpg", TestImages.jpeg(100, 50, Color.GREEN));

        assertThat(new Thumbnailer("dwebp").make(dir, false)).isTrue();

        BufferedImage thumb = ImageIO.read(dir.resolve(Thumbnailer.NAME).toFile());
        assertThat(thumb.getWidth()).isEqualTo(256);
        assertThat(new Color(thumb.getRGB(10, 10)).getBlue()).isGreaterThan(200);
    }

    @Test
    void decodesWebpWithDwebp() throws Exception {
        byte[] webp = TestImages.webp(640, 480, Color.RED, dir);
        Assumptions.assumeTrue(webp != null, "cwebp not installed");
        put("2024-01-15/s/1.webp", webp);

        assertThat(new Thumbnailer("dwebp").make(dir, true)).isTrue();

        BufferedImage thumb = ImageIO.read(dir.resolve(Thumbnailer.NAME).toFile());
        assertThat(thumb.getWidth()).isEqualTo(256);
        assertThat(thumb.getHeight()).isEqualTo(192);
    }

    @Test
    void aMissingDecoderOrABrokenImageIsAWarningNotAFailure() throws Exception {
        put("2024-01-15/s/1.webp", new byte[]{1, 2, 3});
        put("2024-01-15/s/2.jpg", new byte[]{(byte) 0xff, (byte) 0xd8, 0, 0});

        assertThat(new Thumbnailer("/nonexistent/dwebp").make(dir, true)).isFalse();
        assertThat(new Thumbnailer("dwebp").make(dir, false)).isFalse();
        assertThat(dir.resolve(Thumbnailer.NAME)).doesNotExist();
    }

    @Test
    void noImagesMeansNoThumbnail() {
        assertThat(new Thumbnailer("dwebp").make(dir, false)).isFalse();
    }
}
