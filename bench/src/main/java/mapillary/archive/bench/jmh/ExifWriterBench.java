package mapillary.archive.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.event.Json;
import mapillary.archive.fetcher.image.ExifWriter;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import mapillary.archive.testkit.mapillary.SyntheticUser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** JMH: the fetcher's EXIF rewrite of one quality-1024 JPEG (µs per image), on the fake CDN's bytes and records. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExifWriterBench {

    static final int IMAGES = 16;

    private final ExifWriter writer = new ExifWriter();
    private byte[][] jpegs;
    private JsonNode[] records;
    private int next;

    @Setup
    public void setup() throws IOException {
        jpegs = new byte[IMAGES][];
        records = new JsonNode[IMAGES];
        String fields = FakeMapillary.ORIGINAL_FIELDS.replace("thumb_original_url", "thumb_1024_url");
        try (FakeMapillary fake = FakeMapillary.start()) {
            SyntheticUser user = SyntheticUser.generate("bench-exif", IMAGES, 1,
                    SyntheticUser.Options.defaults().withoutQuirks());
            fake.addUser(user);
            List<String> ids = user.ids();
            for (int i = 0; i < IMAGES; i++) {
                jpegs[i] = fake.imageBytes(ids.get(i), "1024");
                records[i] = Json.MAPPER.readTree(fake.recordJson(ids.get(i), fields));
            }
        }
    }

    @Benchmark
    public byte[] writeExif() throws IOException {
        int i = next++ % IMAGES;
        return writer.write(jpegs[i], records[i]);
    }
}
