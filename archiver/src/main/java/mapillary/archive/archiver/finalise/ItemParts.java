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
 * Splits a collection's date tars into IA items that stay under the item size cap (DESIGN §3): each date's tars
 * (with addenda) kept together in one item; dates already placed by an incremental upload keep their part, the
 * others follow in date order, a new part started when the next date would pass the cap. Part 1 also carries the
 * collection's other root files. The completed plan is stored ({@link PartPlan}) when there is more than one part
 * (or when incremental upload had started one), and the split then carries it out ({@link ItemSplit}).
 */
public final class ItemParts {

    private ItemParts() {
    }

    /** Loads the stored plan and, unless already complete, places every date not placed yet and stores it. */
    static PartPlan complete(Path collectionDir, long cap) throws IOException {
        boolean stored = PartPlan.exists(collectionDir);
        PartPlan plan = PartPlan.load(collectionDir, cap);
        if (plan.complete()) {
            return plan;
        }
        List<Path> tars = sortedTars(collectionDir);
        Map<String, Long> byDate = new LinkedHashMap<>();
        for (Path t : tars) {
            byDate.merge(TarNames.dateOf(t.getFileName().toString()), Files.size(t), Long::sum);
        }
        long other = 0;
        try (Stream<Path> s = Files.walk(collectionDir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (!tars.contains(p) && !p.getFileName().toString().equals(PartPlan.FILE)) {
                    other += Files.size(p);
                }
            }
        }
        plan.add(1, other);
        byDate.forEach((date, size) -> {
            if (plan.partOf(date) == 0) {
                plan.place(date, size);
            }
        });
        plan.markComplete();
        if (stored || plan.parts() > 1) {
            plan.save();
        }
        return plan;
    }

    private static List<Path> sortedTars(Path collectionDir) throws IOException {
        List<Path> tars = new ArrayList<>(TarNames.existing(collectionDir, null));
        tars.sort((a, b) -> {
            String da = TarNames.dateOf(a.getFileName().toString());
            String db = TarNames.dateOf(b.getFileName().toString());
            int c = CollectionArchiver.dateOrder(da, db);
            return c != 0 ? c : Integer.compare(addendum(a), addendum(b));
        });
        return tars;
    }

    private static int addendum(Path tar) {
        String[] parts = tar.getFileName().toString().split("\\.");
        return parts.length == 3 ? Integer.parseInt(parts[1]) : 0;
    }
}
