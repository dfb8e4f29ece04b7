package mapillary.archive.testkit.mapillary;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.IntStream;

/**
 * Pre-generated, deterministic, photo-like JPEGs per quality (a pool of variants chosen by image id), encoded once
 * on first use and cached, so the CDN serves bytes without per-request encoding. Variant {@code v % 3 == 0} has
 * only the JFIF APP0 ImageIO writes, {@code 1} has a camera-style Exif APP1 instead, {@code 2} has both.
 */
final class JpegPool {

    static final int VARIANTS = 8;
    static final int PANO_VARIANTS = 4;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final long seed;
    private final ConcurrentMap<String, List<byte[]>> pools = new ConcurrentHashMap<>();

    JpegPool(long seed) {
        this.seed = seed;
    }

    /** The bytes for image {@code id} at {@code quality} ("256", "1024", "2048", "original"). */
    byte[] bytes(String id, String quality, boolean pano) {
        List<byte[]> pool = pool(quality, pano);
        int v = (int) Math.floorMod(SyntheticUser.mix(id.hashCode() * 31L + seed), (long) pool.size());
        return pool.get(v);
    }

    /** Generates (once) and returns the variants of one quality. */
    List<byte[]> pool(String quality, boolean pano) {
        String key = quality + (pano ? "/pano" : "");
        List<byte[]> pool = pools.get(key);
        if (pool != null) {
            return pool;
        }
        synchronized (this) {
            return pools.computeIfAbsent(key, k -> generate(quality, pano));
        }
    }

    private List<byte[]> generate(String quality, boolean pano) {
        int width = switch (quality) {
            case "256" -> 256;
            case "1024" -> 1024;
            case "2048" -> 2048;
            case "original" -> 2560;
            default -> throw new IllegalArgumentException("quality " + quality);
        };
        int height = pano ? width / 2 : width * 3 / 4;
        int n = pano ? PANO_VARIANTS : VARIANTS;
        return IntStream.range(0, n).parallel()
                .mapToObj(v -> encode(render(width, height, seed * 131 + v + (pano ? 1000 : 0)), v))
                .toList();
    }

    private static BufferedImage render(int w, int h, long variantSeed) {
        SplittableRandom rnd = new SplittableRandom(SyntheticUser.mix(variantSeed));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int horizon = (int) (h * (0.35 + rnd.nextDouble() * 0.2));
        g.setPaint(new GradientPaint(0, 0, new Color(60 + rnd.nextInt(60), 110 + rnd.nextInt(60), 190 + rnd.nextInt(60)),
                0, horizon, new Color(190 + rnd.nextInt(50), 210 + rnd.nextInt(40), 230 + rnd.nextInt(25))));
        g.fillRect(0, 0, w, horizon);
        g.setPaint(new GradientPaint(0, horizon, new Color(90 + rnd.nextInt(40), 100 + rnd.nextInt(40), 70),
                0, h, new Color(40 + rnd.nextInt(30), 45 + rnd.nextInt(30), 35)));
        g.fillRect(0, horizon, w, h - horizon);
        // clouds
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(255, 255, 255, 60 + rnd.nextInt(100)));
            int cw = w / 8 + rnd.nextInt(w / 4);
            g.fillOval(rnd.nextInt(w), rnd.nextInt(Math.max(1, horizon / 2)), cw, cw / 3 + 1);
        }
        // buildings with windows
        int x = -rnd.nextInt(w / 10 + 1);
        while (x < w) {
            int bw = w / 12 + rnd.nextInt(w / 6);
            int bh = h / 6 + rnd.nextInt(h / 3);
            Color c = new Color(80 + rnd.nextInt(150), 70 + rnd.nextInt(130), 60 + rnd.nextInt(120));
            g.setColor(c);
            g.fillRect(x, horizon - bh + h / 10, bw, bh);
            g.setColor(c.darker().darker());
            int win = Math.max(2, bw / 10);
            for (int wy = horizon - bh + h / 10 + win; wy < horizon + h / 10 - win * 2; wy += win * 2) {
                for (int wx = x + win; wx < x + bw - win; wx += win * 2) {
                    if (rnd.nextInt(5) > 0) {
                        g.fillRect(wx, wy, win, win);
                    }
                }
            }
            x += bw + rnd.nextInt(w / 30 + 1);
        }
        // road
        g.setColor(new Color(70, 70, 75));
        g.fillPolygon(new int[] {w / 2 - w / 40, w / 2 + w / 40, w * 9 / 10, w / 10},
                new int[] {horizon + h / 10, horizon + h / 10, h, h}, 4);
        g.setColor(new Color(230, 230, 220));
        for (int i = 0; i < 6; i++) {
            int y0 = horizon + h / 10 + (h - horizon) * i / 7;
            g.fillRect(w / 2 - 2 - i, y0, 4 + 2 * i, (h - horizon) / 20 + 1);
        }
        // trees
        for (int i = 0; i < 10; i++) {
            int r = w / 40 + rnd.nextInt(w / 20 + 1);
            int tx = rnd.nextInt(w);
            int ty = horizon + rnd.nextInt(Math.max(1, h / 4));
            g.setColor(new Color(90, 60, 30));
            g.fillRect(tx - r / 6, ty, r / 3 + 1, r * 2);
            g.setColor(new Color(20 + rnd.nextInt(40), 90 + rnd.nextInt(80), 20 + rnd.nextInt(40)));
            g.fillOval(tx - r, ty - r, 2 * r, 2 * r);
        }
        g.dispose();
        // sensor noise
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            int n = rnd.nextInt(25) - 12;
            int r = clamp(((p >> 16) & 255) + n + rnd.nextInt(7) - 3);
            int gg = clamp(((p >> 8) & 255) + n + rnd.nextInt(7) - 3);
            int b = clamp((p & 255) + n + rnd.nextInt(7) - 3);
            px[i] = (r << 16) | (gg << 8) | b;
        }
        return img;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private static byte[] encode(BufferedImage img, int variant) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream out = new ByteArrayOutputStream(img.getWidth() * img.getHeight() / 4);
            try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.82f);
                writer.write(null, new IIOImage(img, null, null), param);
            } finally {
                writer.dispose();
            }
            return withMarkers(out.toByteArray(), variant, img.getWidth(), img.getHeight());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites the header segments: JFIF only, Exif only (camera style), or JFIF + Exif. */
    static byte[] withMarkers(byte[] jpeg, int variant, int width, int height) {
        int mode = variant % 3;
        if (mode == 0) {
            return jpeg;
        }
        int app0End = 2;
        if ((jpeg[2] & 0xff) == 0xFF && (jpeg[3] & 0xff) == 0xE0) {
            app0End = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
        }
        byte[] exif = exifSegment(variant, width, height);
        int keepFrom = app0End;
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + exif.length);
        out.write(jpeg, 0, 2);
        if (mode == 2) {
            out.write(jpeg, 2, app0End - 2);
        }
        out.writeBytes(exif);
        out.write(jpeg, keepFrom, jpeg.length - keepFrom);
        return out.toByteArray();
    }

    /** A minimal big-endian APP1 Exif segment: Make, Model, Orientation, DateTime, like a camera writes. */
    private static byte[] exifSegment(int variant, int width, int height) {
        byte[] make = ("FakeCam\0").getBytes(StandardCharsets.US_ASCII);
        byte[] model = ("FC-" + (100 + variant) + " " + width + "x" + height + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] date = ("2020:01:0" + (1 + variant % 9) + " 12:00:00\0").getBytes(StandardCharsets.US_ASCII);
        int entries = 4;
        int ifdSize = 2 + entries * 12 + 4;
        int dataStart = 8 + ifdSize;
        java.nio.ByteBuffer tiff = java.nio.ByteBuffer.allocate(dataStart + make.length + model.length + date.length);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) entries);
        int off = dataStart;
        tiff.putShort((short) 0x010F).putShort((short) 2).putInt(make.length).putInt(off);
        off += make.length;
        tiff.putShort((short) 0x0110).putShort((short) 2).putInt(model.length).putInt(off);
        off += model.length;
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 1).putShort((short) 0);
        tiff.putShort((short) 0x0132).putShort((short) 2).putInt(date.length).putInt(off);
        tiff.putInt(0);
        tiff.put(make).put(model).put(date);
        byte[] body = tiff.array();
        int len = 2 + 6 + body.length;
        ByteArrayOutputStream seg = new ByteArrayOutputStream(len + 2);
        seg.write(0xFF);
        seg.write(0xE1);
        seg.write(len >> 8);
        seg.write(len & 0xff);
        seg.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        seg.writeBytes(body);
        return seg.toByteArray();
    }
}
