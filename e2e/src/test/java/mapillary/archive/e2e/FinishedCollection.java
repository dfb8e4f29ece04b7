package mapillary.archive.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** A finished collection on disk, read for assertions: its listed records and its tars' entries. */
final class FinishedCollection {

    /** One entry of one tar: which date's tar holds it, its path, and what the tests check of its header. */
    record Entry(String tarDate, String name, boolean file, long uid, long gid) {

        /** The image id: the file name without its extension. */
        String imageId() {
            String file = Path.of(name).getFileName().toString();
            return file.substring(0, file.lastIndexOf('.'));
        }
    }

    final Path dir;
    final List<JsonNode> records;
    final Map<Path, List<Entry>> tars;

    FinishedCollection(Path dir) throws IOException {
        this.dir = dir;
        this.records = readRecords(dir.resolve("metadata.jsonl.gz"));
        this.tars = readTars(dir);
    }

    /** Image id -> UTC capture date of every listed record that has the given thumbnail URL field. */
    Map<String, String> expectedDates(String urlField) {
        Map<String, String> dates = new HashMap<>();
        for (JsonNode r : records) {
            if (r.hasNonNull(urlField)) {
                dates.put(r.get("id").asText(), dateOf(r));
            }
        }
        return dates;
    }

    /** How many tar entries hold each image id. */
    Map<String, Integer> timesArchived() {
        Map<String, Integer> seen = new HashMap<>();
        tars.values().forEach(entries -> entries.forEach(e -> seen.merge(e.imageId(), 1, Integer::sum)));
        return seen;
    }

    /** Entries whose tar is not the image's capture date, as {@code name in tar}. */
    List<String> misplaced(Map<String, String> expectedDates) {
        List<String> wrong = new ArrayList<>();
        tars.values().forEach(entries -> entries.stream()
                .filter(e -> !e.tarDate().equals(expectedDates.get(e.imageId())))
                .forEach(e -> wrong.add(e.name() + " in " + e.tarDate() + ".tar")));
        return wrong;
    }

    /**
     * Tar file name -> SHA-256 (hex) of its bytes, to compare two runs of the same collection. Images without
     * {@code captured_at} keep their processing-time mtime (spec §4 step 9), so {@code unknown-date} tars are compared
     * by content instead: the digest of every entry's name, mode, size and bytes, headers' mtimes left out.
     */
    Map<String, String> tarDigests() throws IOException {
        Map<String, String> digests = new TreeMap<>();
        for (Path tar : tars.keySet()) {
            String name = tar.getFileName().toString();
            MessageDigest sha = sha256();
            if (name.startsWith("unknown-date")) {
                try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
                    TarArchiveEntry e;
                    while ((e = in.getNextEntry()) != null) {
                        sha.update((e.getName() + "\0" + e.getMode() + "\0" + e.getSize() + "\0")
                                .getBytes(StandardCharsets.UTF_8));
                        sha.update(in.readAllBytes());
                    }
                }
                digests.put(name, "content " + HexFormat.of().formatHex(sha.digest()));
            } else {
                try (InputStream in = new DigestInputStream(Files.newInputStream(tar), sha)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                digests.put(name, HexFormat.of().formatHex(sha.digest()));
            }
        }
        return digests;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Directories named like dates left beside the tars. */
    List<String> dateDirectories() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[0-9]{4}-.*|unknown-date")).toList();
        }
    }

    /** Hidden {@code .*.tmp} files anywhere below {@code root}. */
    static List<String> hiddenTempFiles(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") && n.endsWith(".tmp")).toList();
        }
    }

    static String dateOf(JsonNode record) {
        JsonNode c = record.get("captured_at");
        if (c == null || !c.isNumber() || c.asLong() == 0) {
            return "unknown-date";
        }
        return Instant.ofEpochMilli(c.asLong()).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static List<JsonNode> readRecords(Path gz) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz));
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode n = HarvesterApi.JSON.readTree(line);
                    if (!n.has("__complete__")) {
                        records.add(n);
                    }
                }
            }
        }
        return records;
    }

    private static Map<Path, List<Entry>> readTars(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".tar")).sorted().toList();
        }
        Map<Path, List<Entry>> tars = new LinkedHashMap<>();
        for (Path tar : files) {
            String date = tar.getFileName().toString().replaceFirst("(\\.[0-9]+)?\\.tar$", "");
            List<Entry> entries = new ArrayList<>();
            try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
                TarArchiveEntry e;
                while ((e = in.getNextEntry()) != null) {
                    entries.add(new Entry(date, e.getName(), e.isFile(), e.getLongUserId(), e.getLongGroupId()));
                }
            }
            tars.put(tar, entries);
        }
        return tars;
    }
}
