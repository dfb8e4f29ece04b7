package mapillary.archive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.io.DirectorySize;
import mapillary.archive.fetcher.image.ExifWriter;
import mapillary.archive.fetcher.image.WebpConverter;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import mapillary.archive.testkit.mapillary.SyntheticUser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebP bound: the fetcher's own cwebp call ({@link WebpConverter}, {@code cwebp -metadata all}) alone over the
 * JPEGs a harvest of the same user downloads, tagged by the fetcher's {@link ExifWriter}, with the same parallelism.
 */
public final class CwebpBound {

    /** Every run's figures and the parallelism used. */
    public record Result(int parallelism, List<Map<String, Double>> runs) {

        public double imagesPerSecondMedian() {
            return Summary.of(runs.stream().map(r -> r.get("images_per_s")).toList()).median();
        }
    }

    private final Path work;
    private final int parallelism;

    public CwebpBound(Path work, int parallelism) {
        this.work = work;
        this.parallelism = parallelism;
    }

    public Result measure(String username, int images, int runs) throws Exception {
        List<Path> jpegs = writeJpegs(username, images);
        WebpConverter converter = new WebpConverter("cwebp", parallelism);
        if (!converter.available()) {
            throw new IllegalStateException(converter.missingMessage());
        }
        Path out = work.resolve("out");
        Files.createDirectories(out);
        convertAll(converter, jpegs.subList(0, Math.min(jpegs.size(), 2 * parallelism)), out); // warm the page cache
        List<Map<String, Double>> results = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            long self = ProcessHandle.current().pid();
            long cpu0 = Proc.cpuMillis(self);
            long children0 = Proc.childCpuMillis(self);
            double load = Proc.loadAverage();
            long t0 = System.nanoTime();
            convertAll(converter, jpegs, out);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long bytes = DirectorySize.bytes(out);
            results.add(new Metrics().put("images", jpegs.size()).put("seconds", Metrics.round(seconds, 3))
                    .put("images_per_s", Metrics.round(jpegs.size() / seconds, 2))
                    .put("mean_webp_bytes", Metrics.round((double) bytes / jpegs.size(), 0))
                    .put("cwebp_cpu_ms_per_image", Metrics.round(
                            (Proc.childCpuMillis(self) - children0) / (double) jpegs.size(), 2))
                    .put("harness_cpu_ms_per_image", Metrics.round(
                            (Proc.cpuMillis(self) - cpu0) / (double) jpegs.size(), 2))
                    .put("load1_start", load).put("load1_end", Proc.loadAverage()).asMap());
            System.out.printf("cwebp alone run %d: %s%n", r + 1, results.getLast());
        }
        return new Result(parallelism, results);
    }

    private void convertAll(WebpConverter converter, List<Path> jpegs, Path out) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallelism)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < parallelism; t++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < jpegs.size()) {
                        Path in = jpegs.get(i);
                        String name = in.getFileName().toString().replace(".jpg", ".webp");
                        converter.convert(in, out.resolve(name));
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        }
    }

    /** The CDN's quality-1024 bytes of the user's images, tagged as the fetcher tags them. */
    private List<Path> writeJpegs(String username, int images) throws Exception {
        Path in = work.resolve("in");
        Files.createDirectories(in);
        String fields = FakeMapillary.ORIGINAL_FIELDS.replace("thumb_original_url", "thumb_1024_url");
        ExifWriter exif = new ExifWriter();
        List<Path> files = new ArrayList<>();
        try (FakeMapillary fake = FakeMapillary.start()) {
            SyntheticUser user = SyntheticUser.generate(username, images, Users.SEED,
                    SyntheticUser.Options.defaults().withoutQuirks());
            fake.addUser(user);
            for (String id : user.ids()) {
                JsonNode record = Json.MAPPER.readTree(fake.recordJson(id, fields));
                Path file = in.resolve(id + ".jpg");
                Files.write(file, exif.write(fake.imageBytes(id, "1024"), record));
                files.add(file);
            }
        }
        return files;
    }
}
