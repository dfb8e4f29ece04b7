package mapillary.archive.archiver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.archiver.tracking.ImageOutcome;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.io.AtomicFiles;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Writes {@code failed.jsonl}: one JSON object per image that failed for good ({@code id}, {@code date},
 * {@code reason}, {@code attempts}), sorted by date then id, written atomically. Nothing is written when no image
 * failed.
 */
public final class FailedList {

    public static final String NAME = "failed.jsonl";

    private FailedList() {
    }

    /** Returns the number of failed images written. */
    public static int write(Path collectionDir, List<ImageOutcome> outcomes) {
        List<ImageOutcome> failed = outcomes.stream().filter(o -> !o.ok())
                .sorted(Comparator.comparing(ImageOutcome::date).thenComparing(ImageOutcome::imageId)).toList();
        if (failed.isEmpty()) {
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        for (ImageOutcome o : failed) {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("id", o.imageId());
            n.put("date", o.date());
            n.put("reason", o.reason() == null ? "unknown" : o.reason());
            n.put("attempts", o.attempts());
            sb.append(n).append('\n');
        }
        AtomicFiles.writeString(collectionDir.resolve(NAME), sb.toString());
        return failed.size();
    }
}
