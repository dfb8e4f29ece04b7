package mapillary.archive.harvester.job;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.collection.DateBucket;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.io.PathComponents;

import java.util.Map;
import java.util.TreeMap;

/**
 * Decides what a listed record becomes (a task, a skip for lack of the quality's URL, or a rejection for an
 * unsafe id or sequence) and counts the tasks per UTC date.
 */
public final class ListingTally {

    /** What to do with one record. */
    public enum Verdict { PUBLISH, NO_URL, UNSAFE }

    private final Quality quality;
    private final Map<String, Long> perDate = new TreeMap<>();
    private long published;
    private long noUrl;
    private long unsafe;

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

    /** Classifies and counts a record. */
    public Verdict count(JsonNode record) {
        Verdict v = classify(record);
        switch (v) {
            case PUBLISH -> {
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

    public Map<String, Long> perDate() {
        return perDate;
    }
}
