package mapillary.archive.archiver.tracking;

import mapillary.archive.common.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The harvest ids whose collection the archiver has finalised, one file per collection under
 * {@code archiver/journal/finished/}: records of those harvests that Kafka redelivers afterwards (a crash before the offset
 * commit) are recognised and dropped instead of starting a stray journal and a second FINALISED. A forced
 * re-harvest has a new harvest id and is tracked as usual. A cancelled or failed harvest's ids land here too, so a
 * new harvest of the collection starts clean. Not thread-safe: {@link Tracker} guards it.
 */
public final class FinishedHarvests {

    private final Path dir;
    /** The files already read, so checking a record costs no disk read (a few ids per collection). */
    private final Map<String, Set<String>> cache = new HashMap<>();

    public FinishedHarvests(Path dir) {
        this.dir = dir;
    }

    /** True when {@code harvestId} of {@code collection} was finalised. */
    public boolean contains(String collection, String harvestId) {
        return harvestId != null && read(collection).contains(harvestId);
    }

    /** Adds the harvest ids of a collection just finalised (durably, before its journal is removed). */
    public void add(String collection, Set<String> harvestIds) {
        Set<String> all = new LinkedHashSet<>(read(collection));
        if (all.addAll(harvestIds)) {
            AtomicFiles.writeString(file(collection), String.join("\n", all) + "\n");
            cache.put(collection, all);
        }
    }

    private Set<String> read(String collection) {
        return cache.computeIfAbsent(collection, this::load);
    }

    private Set<String> load(String collection) {
        Path f = file(collection);
        if (!Files.isRegularFile(f)) {
            return new LinkedHashSet<>();
        }
        try {
            List<String> lines = Files.readAllLines(f);
            Set<String> ids = new LinkedHashSet<>();
            lines.stream().map(String::strip).filter(l -> !l.isEmpty()).forEach(ids::add);
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + f, e);
        }
    }

    private Path file(String collection) {
        return dir.resolve(collection + ".txt");
    }
}
