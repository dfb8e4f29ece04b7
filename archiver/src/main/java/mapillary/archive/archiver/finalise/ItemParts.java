package mapillary.archive.archiver.finalise;

import mapillary.archive.archiver.tar.TarNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Splits a collection's date tars into IA items that stay under the item size cap (DESIGN §3): dates in order, each
 * date's tars (with addenda) kept together in one item, a new part started when the next date would pass the cap.
 * Part 1 also carries the collection's other root files.
 */
public final class ItemParts {

    private ItemParts() {
    }

    /** The tars of each part, in order; a single part when everything fits (or there is nothing to split). */
    public static List<List<Path>> plan(Path collectionDir, long cap) throws IOException {
        Map<String, List<Path>> byDate = new LinkedHashMap<>();
        List<Path> tars = new ArrayList<>(TarNames.existing(collectionDir, null));
        tars.sort((a, b) -> {
            String da = TarNames.dateOf(a.getFileName().toString());
            String db = TarNames.dateOf(b.getFileName().toString());
            int c = CollectionArchiver.dateOrder(da, db);
            return c != 0 ? c : Integer.compare(addendum(a), addendum(b));
        });
        for (Path t : tars) {
            byDate.computeIfAbsent(TarNames.dateOf(t.getFileName().toString()), d -> new ArrayList<>()).add(t);
        }
        long other = 0;
        try (Stream<Path> s = Files.walk(collectionDir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (!tars.contains(p)) {
                    other += Files.size(p);
                }
            }
        }
        List<List<Path>> parts = new ArrayList<>();
        List<Path> current = new ArrayList<>();
        long size = other;
        for (List<Path> date : byDate.values()) {
            long dateSize = 0;
            for (Path t : date) {
                dateSize += Files.size(t);
            }
            if (!current.isEmpty() && size + dateSize > cap) {
                parts.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.addAll(date);
            size += dateSize;
        }
        parts.add(current);
        return parts;
    }

    private static int addendum(Path tar) {
        String[] parts = tar.getFileName().toString().split("\\.");
        return parts.length == 3 ? Integer.parseInt(parts[1]) : 0;
    }
}
