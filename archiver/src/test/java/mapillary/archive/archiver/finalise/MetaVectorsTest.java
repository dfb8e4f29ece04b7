package mapillary.archive.archiver.finalise;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.archiver.image.Thumbnailer;
import mapillary.archive.archiver.meta.MetaWriter;
import mapillary.archive.archiver.tracking.Journal;
import mapillary.archive.archiver.tracking.Tracker;
import mapillary.archive.common.collection.CollectionName;
import mapillary.archive.common.collection.DateBucket;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.storage.DataDirs;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.Color;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds each {@code vectors/meta/*.json} input through tracking and finalisation and asserts the written
 * {@code .meta} equals the vector's {@code contract} and the collection root holds exactly the expected entries.
 */
class MetaVectorsTest {

    private static final String VERSION = "9.9.9-test";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"mapillary-alice-original-webp", "mapillary-bob-smith-1024", "mapillary-webp-lover-2048"})
    void finalisedCollectionCarriesTheContractMetadata(String vector) throws Exception {
        JsonNode v;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("vectors/meta/" + vector + ".json")) {
            assertThat(in).as("vector on the classpath").isNotNull();
            v = Json.MAPPER.readTree(in);
        }
        String collection = v.get("collection").asText();
        JsonNode input = v.get("input");
        CollectionName name = CollectionName.parse(collection).orElseThrow();
        boolean webp = input.get("webp").asBoolean();
        boolean tar = input.get("tar").asBoolean();
        DataDirs dirs = new DataDirs(tmp.resolve("data"));
        Path staging = dirs.staging(collection);
        Files.createDirectories(staging);

        StringBuilder metadata = new StringBuilder();
        Map<String, JsonNode> records = new LinkedHashMap<>();
        for (JsonNode line : input.get("metadata_jsonl_lines")) {
            metadata.append(line.asText()).append('\n');
            JsonNode r = Json.MAPPER.readTree(line.asText());
            if (r.has("id")) {
                records.putIfAbsent(r.get("id").asText(), r);
            }
        }
        Files.writeString(staging.resolve("metadata.jsonl"), metadata.toString(), StandardCharsets.UTF_8);

        Tracker tracker = new Tracker(new Journal(Journal.dir(dirs)));
        RecordedEvents events = new RecordedEvents();
        CollectionArchiver archiver = new CollectionArchiver(dirs, tracker, events, new Thumbnailer("dwebp"), VERSION);
        tracker.record(HarvestEvent.started("h1", collection, name.username(), name.quality(), webp, tar));

        List<ImageResult> results = new ArrayList<>();
        Map<String, Long> perDate = new TreeMap<>();
        String ext = webp ? "webp" : "jpg";
        byte[] image = webp ? TestImages.webp(640, 320, Color.BLUE, tmp) : TestImages.jpeg(640, 320, Color.BLUE);
        boolean realImage = image != null;
        if (!realImage) {
            image = new byte[]{1, 2, 3};
        }
        for (JsonNode id : input.get("archived_ids")) {
            JsonNode r = records.get(id.asText());
            String date = DateBucket.of(r);
            String rel = date + "/" + (r.has("sequence") ? r.get("sequence").asText() + "/" : "") + id.asText()
                    + "." + ext;
            Path file = staging.resolve(rel);
            Files.createDirectories(file.getParent());
            Files.write(file, image);
            Files.setLastModifiedTime(file, FileTime.from(r.has("captured_at")
                    ? Instant.ofEpochMilli(r.get("captured_at").asLong()) : Instant.EPOCH));
            results.add(new ImageResult(1, "h1", collection, id.asText(), date, ImageResult.Status.OK, 10,
                    image.length, rel, null, 1));
            perDate.merge(date, 1L, Long::sum);
        }
        for (JsonNode id : input.get("failed_ids")) {
            String date = DateBucket.of(records.get(id.asText()));
            results.add(new ImageResult(1, "h1", collection, id.asText(), date, ImageResult.Status.FAILED, 0, 0,
                    null, "HTTP 500 after 5 attempts", 5));
            perDate.merge(date, 1L, Long::sum);
        }
        for (JsonNode id : input.get("duplicate_line_ids")) {
            results.stream().filter(r -> r.imageId().equals(id.asText())).findFirst().ifPresent(results::add);
        }
        tracker.record(results);
        long total = perDate.values().stream().mapToLong(Long::longValue).sum();
        tracker.record(HarvestEvent.listed("h1", collection, name.username(), name.quality(), webp, tar, total,
                perDate));

        archiver.process(collection);

        Path output = dirs.output(collection);
        assertThat(staging).doesNotExist();
        Map<String, List<String>> expected = new TreeMap<>();
        v.get("contract").fields().forEachRemaining(f -> {
            List<String> values = new ArrayList<>();
            f.getValue().forEach(x -> values.add(x.asText().replace("{version}", VERSION)));
            expected.put(f.getKey(), values);
        });
        assertThat(MetaWriter.read(output)).isEqualTo(expected);
        assertThat(Files.readString(output.resolve(".meta/title/0"))).doesNotEndWith("\n");

        Set<String> root = new java.util.TreeSet<>();
        try (Stream<Path> s = Files.list(output)) {
            s.map(p -> p.getFileName().toString() + (Files.isDirectory(p) ? "/" : "")).forEach(root::add);
        }
        assertThat(root).anyMatch(n -> n.startsWith("download.log."));
        root.removeIf(n -> n.matches("download\\.log\\.[0-9]{8}-[0-9]{6}")); // ours (DESIGN §3): the run's log
        Set<String> expectedRoot = new java.util.TreeSet<>();
        input.get("collection_root_entries").forEach(e -> expectedRoot.add(e.asText()));
        expectedRoot.add(".meta/");
        if (!realImage) {
            expectedRoot.remove(Thumbnailer.NAME);
        }
        assertThat(root).isEqualTo(expectedRoot);

        List<CollectionEvent> finalised = events.of(CollectionEvent.Type.FINALISED);
        assertThat(finalised).hasSize(1);
        assertThat(finalised.get(0).images()).isEqualTo(input.get("archived_ids").size());
        assertThat(finalised.get(0).failed()).isEqualTo(input.get("failed_ids").size());
        assertThat(finalised.get(0).path()).isEqualTo("output/" + collection);
        Map<String, Long> tarred = new HashMap<>();
        events.of(CollectionEvent.Type.DATE_TARRED).forEach(e -> tarred.put(e.date(), e.images()));
        assertThat(tarred).isEqualTo(tar ? perDateOk(results) : Map.of());
        assertThat(Journal.dir(dirs).resolve(collection + ".jsonl")).doesNotExist();
    }

    private static Map<String, Long> perDateOk(List<ImageResult> results) {
        Map<String, Long> m = new HashMap<>();
        results.stream().filter(r -> r.status() == ImageResult.Status.OK).map(ImageResult::imageId).distinct()
                .forEach(id -> results.stream().filter(r -> r.imageId().equals(id)).findFirst()
                        .ifPresent(r -> m.merge(r.date(), 1L, Long::sum)));
        return m;
    }
}
