package mapillary.archive.archiver.tracking;

import mapillary.archive.common.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The harvest ids whose collection the archiver has finalised, one file per collection under
 * {@code archiver/journal/finished/}: records of those harvests that Kafka redelivers afterwards (a crash before the offset
 * commit) are recognised and dropped instead of starting a stray journal and a second FINALISED. A forced
 * re-harvest has a new harvest id and is tracked as usual.
 */
public final class FinishedHarvests {

    private final Path dir;

    public FinishedHarvests(Path dir) {
        this.dir = dir;
    }

    /** True when {@code harvestId} of {@code collection} was finalised. */
    public boolean contains(String collection, String harvestId) {
        return harvestId != null && read(collection).contains(harvestId);
    }

    /** Adds the harvest ids of a collection just finalised (durably, before its journal is removed). */
    public void add(String collection, Set<String> harvestIds) {
        Set<String> all = read(collection);
        if (all.addAll(harvestIds)) {
            AtomicFiles.writeString(file(collection), String.join("\n", all) + "\n");
        }
    }

    private Set<String> read(String collection) {
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
