package mapillary.archive.bench.jmh;

import mapillary.archive.archiver.tar.DeterministicTar;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import mapillary.archive.testkit.mapillary.SyntheticUser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * JMH: the archiver's deterministic tar writer over {@value #FILES} quality-1024 JPEGs (ms per tar, including the
 * fsync); {@link #images()} gives the bytes per tar for MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TarWriterBench {

    public static final int FILES = 100;
    private Path dir;
    private List<String> entries;
    private int n;

    @Setup
    public void setup() throws IOException {
        dir = Files.createTempDirectory("bench-tar-writer");
        entries = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : images().entrySet()) {
            String name = "2024-01-15/seq/" + e.getKey() + ".jpg";
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
            entries.add(name);
        }
        entries.sort(String::compareTo);
    }

    /** The {@value #FILES} JPEGs of one tar by image id, as the fake CDN serves them (the same in every JVM). */
    public static Map<String, byte[]> images() {
        Map<String, byte[]> images = new LinkedHashMap<>();
        try (FakeMapillary fake = FakeMapillary.start()) {
            SyntheticUser user = SyntheticUser.generate("bench-tar-writer", FILES, 1,
                    SyntheticUser.Options.defaults().withoutQuirks());
            fake.addUser(user);
            for (String id : user.ids()) {
                images.put(id, fake.imageBytes(id, "1024"));
            }
        }
        return images;
    }

    @Benchmark
    public long writeTar() throws IOException {
        return DeterministicTar.write(dir, entries, dir.resolve("out-" + n++ + ".tar"));
    }

    @TearDown(Level.Iteration)
    public void removeTars() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".tar")).toList()) {
                Files.delete(p);
            }
        }
    }

    @TearDown
    public void removeDir() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
