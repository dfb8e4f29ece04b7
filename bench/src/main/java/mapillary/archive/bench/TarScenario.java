package mapillary.archive.bench;

import mapillary.archive.archiver.tar.DateTarResult;
import mapillary.archive.archiver.tar.DateTarrer;
import mapillary.archive.archiver.tar.DeterministicTar;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import mapillary.archive.testkit.mapillary.SyntheticUser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scenario 5: the archiver's tar of one date of quality-1024 JPEGs against {@code cat} of the same files to
 * /dev/null (what reading them costs); both from a warm page cache, since the files were just written.
 */
public final class TarScenario {

    static final String DATE = "2024-01-15";

    private final BenchOptions options;

    public TarScenario(BenchOptions options) {
        this.options = options;
    }

    public ScenarioResult run() throws Exception {
        Instant started = Instant.now();
        Machine machine = Machine.describe();
        int files = options.tarFiles();
        Path work = options.workDir().resolve("tar-" + System.currentTimeMillis());
        List<Map<String, Double>> runs = new ArrayList<>();
        try (FakeMapillary fake = FakeMapillary.start()) {
            SyntheticUser user = SyntheticUser.generate("bench-tar", files, Users.SEED,
                    SyntheticUser.Options.defaults().withoutQuirks());
            fake.addUser(user);
            for (int r = 1; r <= options.runs(); r++) {
                runs.add(measure(work, r, fake, user));
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("files", files);
        params.put("runs", options.runs());
        params.put("quality", "1024");
        List<String> notes = List.of("cat = find <date> -type f | sort | xargs cat > /dev/null (warm page cache: the "
                        + "files were just written; caches cannot be dropped here)",
                "tar_writer = DeterministicTar.write alone (read, write, fsync); archiver_tar = DateTarrer.tar as the "
                        + "archiver runs it (list, write, fsync, verify by reading the tar back, rename, remove files)",
                "MB = 10^6 bytes of image data (tar headers and padding not counted)");
        CaseResult c = CaseResult.of("tar " + files + " files", params, runs);
        return new ScenarioResult("tar", BenchMain.today(), started, Instant.now(), machine, params, List.of(c),
                notes);
    }

    private static Map<String, Double> measure(Path work, int r, FakeMapillary fake, SyntheticUser user)
            throws Exception {
        Path collection = work.resolve("run-" + r);
        int files = user.count();
        long bytes = writeDate(collection, fake, user);
        double load = Proc.loadAverage();
        double cat = seconds(() -> cat(collection));
        List<String> entries = sortedEntries(collection);
        Path copy = work.resolve("run-" + r + "-writer.tar");
        double writer = seconds(() -> DeterministicTar.write(collection, entries, copy));
        Files.delete(copy);
        DateTarResult[] result = new DateTarResult[1];
        double tar = seconds(() -> result[0] = DateTarrer.tar(collection, DATE));
        if (result[0].files() != files) {
            throw new IllegalStateException("tarred " + result[0].files() + " of " + files + " files");
        }
        Map<String, Double> run = new Metrics().put("files", files).put("mb", Metrics.round(bytes / 1e6, 1))
                .put("cat_mb_per_s", Metrics.round(bytes / 1e6 / cat, 1))
                .put("tar_writer_mb_per_s", Metrics.round(bytes / 1e6 / writer, 1))
                .put("archiver_tar_mb_per_s", Metrics.round(bytes / 1e6 / tar, 1))
                .put("ratio_archiver_tar_to_cat", Metrics.round(cat / tar, 3))
                .put("load1_start", load).put("load1_end", Proc.loadAverage()).asMap();
        System.out.printf("tar run %d: %s%n", r, run);
        deleteTree(collection);
        return run;
    }

    /** One date of the user's quality-1024 JPEGs as the fake CDN serves them, 50 sequences; returns the bytes. */
    static long writeDate(Path collection, FakeMapillary fake, SyntheticUser user) throws IOException {
        long bytes = 0;
        int i = 0;
        for (String id : user.ids()) {
            byte[] b = fake.imageBytes(id, "1024");
            Path p = collection.resolve(DATE).resolve("seq" + (i % 50)).resolve(id + ".jpg");
            Files.createDirectories(p.getParent());
            Files.write(p, b);
            Files.setLastModifiedTime(p, FileTime.fromMillis(1705312800000L + i * 1000L));
            bytes += b.length;
            i++;
        }
        return bytes;
    }

    private static List<String> sortedEntries(Path collection) throws IOException {
        try (Stream<Path> s = Files.walk(collection.resolve(DATE))) {
            return s.filter(Files::isRegularFile).map(p -> collection.relativize(p).toString()).sorted().toList();
        }
    }

    private static void cat(Path collection) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "find " + DATE + " -type f -print0 | sort -z | xargs -0 cat")
                .directory(collection.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("cat failed with " + p.exitValue());
        }
    }

    private interface Timed {
        void run() throws Exception;
    }

    private static double seconds(Timed t) throws Exception {
        long t0 = System.nanoTime();
        t.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
