package mapillary.archive.harvester.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.common.collection.DateBucket;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.io.PathComponents;

import java.util.Map;
import java.util.TreeMap;

/**
 * Decides what a listed record becomes (a task, a skip for lack of the quality's URL, or a rejection for an
 * unsafe id or sequence) and counts the tasks per UTC date. A record whose {@code captured_at} is not a number or
 * gives no date directory (beyond year 9999, e.g. {@code 9e18}) is repaired before it becomes a task: its capture
 * time counts as unknown ({@code unknown-date}, as for null), so fetcher, archiver and the LISTED counts agree on a
 * safe bucket. {@code metadata.jsonl} keeps the record as received.
 */
public final class ListingTally {

    /** What to do with one record. */
    public enum Verdict { PUBLISH, NO_URL, UNSAFE }

    private final Quality quality;
    private final Map<String, Long> perDate = new TreeMap<>();
    private long published;
    private long noUrl;
    private long unsafe;
    private long repaired;

    public ListingTally(Quality quality) {
        this.quality = quality;
    }

    /** Classifies a record without counting it. */
    public Verdict classify(JsonNode record) {
        JsonNode id = record.get("id");
        if (id == null || !(id.isTextual() || id.isIntegralNumber()) || !PathComponents.isSafe(id.asText())) {
            return Verdict.UNSAFE;
        }
        JsonNode seq = record.get("sequence");
        if (seq != null && !seq.isNull() && !(seq.isTextual() && seq.asText().isEmpty())
                && !(seq.isTextual() && PathComponents.isSafe(seq.asText()))) {
            return Verdict.UNSAFE;
        }
        JsonNode url = record.get(quality.urlField());
        if (url == null || !url.isTextual() || url.asText().isBlank()) {
            return Verdict.NO_URL;
        }
        return Verdict.PUBLISH;
    }

    /**
     * Makes a record that becomes a task usable by every service: a {@code captured_at} that is not a number, or
     * a non-zero one with no {@code YYYY-MM-DD} date (outside the years 1-9999), is set to null: unknown-date, the
     * bucket {@link DateBucket} gives it anyway, and no absurd time reaches EXIF or file times. Returns whether it
     * changed anything; idempotent.
     */
    public static boolean repair(JsonNode record) {
        if (!(record instanceof ObjectNode o)) {
            return false;
        }
        JsonNode c = o.get("captured_at");
        if (c == null || c.isNull()) {
            return false;
        }
        boolean outOfRange = DateBucket.UNKNOWN.equals(DateBucket.of(o)) && c.asLong() != 0;
        if (!c.isNumber() || outOfRange) {
            o.putNull("captured_at");
            return true;
        }
        return false;
    }

    /** Classifies and counts a record; a published one is {@linkplain #repair repaired} first. */
    public Verdict count(JsonNode record) {
        Verdict v = classify(record);
        switch (v) {
            case PUBLISH -> {
                if (repair(record)) {
                    repaired++;
                }
                published++;
                perDate.merge(DateBucket.of(record), 1L, Long::sum);
            }
            case NO_URL -> noUrl++;
            case UNSAFE -> unsafe++;
        }
        return v;
    }

    /** Counts a {@code data} element that was not even an object. */
    public void malformed(int n) {
        unsafe += n;
    }

    public long published() {
        return published;
    }

    public long noUrl() {
        return noUrl;
    }

    public long unsafe() {
        return unsafe;
    }

    /** Records published after a repair (unusable {@code captured_at}, non-standard numbers in the page). */
    public long repaired() {
        return repaired;
    }

    /** Counts a record whose JSON had to be rewritten to be standard (e.g. a bare {@code NaN}). */
    public void repairedJson() {
        repaired++;
    }

    /** Records with unsafe ids/sequences or unusable fields: rejected plus repaired. */
    public long bad() {
        return unsafe + repaired;
    }

    public Map<String, Long> perDate() {
        return perDate;
    }
}
