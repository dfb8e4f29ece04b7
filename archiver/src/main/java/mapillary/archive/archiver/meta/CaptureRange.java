package mapillary.archive.archiver.meta;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.collection.DateBucket;
import mapillary.archive.common.event.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The first and last UTC capture date ({@code YYYY-MM-DD}) of the images actually archived (DESIGN §3 fix 4/5: not
 * machine-local, not over failed or unlisted records).
 *
 * @param first earliest capture date
 * @param last  latest capture date
 */
public record CaptureRange(String first, String last) {

    /** The range over date buckets; {@code unknown-date} is ignored. Null when no date is known. */
    public static CaptureRange ofDates(Collection<String> dates) {
        String first = null;
        String last = null;
        for (String d : dates) {
            if (d == null || DateBucket.UNKNOWN.equals(d)) {
                continue;
            }
            if (first == null || d.compareTo(first) < 0) {
                first = d;
            }
            if (last == null || d.compareTo(last) > 0) {
                last = d;
            }
        }
        return first == null ? null : new CaptureRange(first, last);
    }

    /**
     * The range over the {@code captured_at} of the records of {@code metadata} (plain or {@code .gz}) whose id is in
     * {@code archivedIds}; unreadable lines and records without a capture time are skipped. Null when none is known.
     */
    public static CaptureRange scan(Path metadata, Set<String> archivedIds) throws IOException {
        String first = null;
        String last = null;
        try (InputStream raw = Files.newInputStream(metadata);
             InputStream in = metadata.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode rec;
                try {
                    rec = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                JsonNode id = rec == null ? null : rec.get("id");
                if (id == null || !id.isValueNode() || !archivedIds.contains(id.asText())) {
                    continue;
                }
                String d = DateBucket.of(rec);
                if (DateBucket.UNKNOWN.equals(d)) {
                    continue;
                }
                if (first == null || d.compareTo(first) < 0) {
                    first = d;
                }
                if (last == null || d.compareTo(last) > 0) {
                    last = d;
                }
            }
        }
        return first == null ? null : new CaptureRange(first, last);
    }
}
