package mapillary.archive.stats.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.common.collection.CollectionName;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.io.AtomicFiles;
import mapillary.archive.stats.config.ArchiveConfig;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collections finalised or uploaded by our archiver (from {@code mapillary.collection-events}) that the IA search has
 * not listed yet. Kept in memory and in {@code ${archive.data-dir}/stats/pending.json} (atomic writes), because the
 * consumer group's committed offsets mean a restarted service does not see old events again.
 */
@ApplicationScoped
public class PendingCollections {

    private static final Logger LOG = Logger.getLogger(PendingCollections.class);

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, PendingCollection> pending = new ConcurrentHashMap<>();

    @Inject
    public PendingCollections(ArchiveConfig archive) {
        this(archive.dataDir().resolve("stats").resolve("pending.json"));
    }

    public PendingCollections(Path file) {
        this.file = file;
        load();
    }

    /**
     * Takes one archiver event: FINALISED and UPLOADED mark the collection pending (until IA lists it); other types
     * and collection names we cannot parse are ignored. Returns whether the event was taken.
     */
    public synchronized boolean accept(CollectionEvent event) {
        if (event == null || event.type() == null || event.collection() == null) {
            return false;
        }
        if (event.type() != CollectionEvent.Type.FINALISED && event.type() != CollectionEvent.Type.UPLOADED) {
            return false;
        }
        Optional<CollectionName> name = CollectionName.parse(event.collection());
        if (name.isEmpty()) {
            LOG.warnf("Ignoring collection event for a name that is not a collection: %s", event.collection());
            return false;
        }
        String id = name.get().firstPart().id();
        PendingCollection before = pending.get(id);
        long images = event.images() > 0 || before == null ? event.images() : before.images();
        long bytes = event.bytes() > 0 || before == null ? event.bytes() : before.bytes();
        pending.put(id, new PendingCollection(id, event.type().name(), event.harvestId(), images, bytes, event.at()));
        save();
        return true;
    }

    /** Those of the pending collections that are not in {@code indexed}, oldest first. */
    public List<PendingCollection> notIn(Set<String> indexed) {
        return pending.values().stream().filter(p -> !indexed.contains(p.collection()))
                .sorted(Comparator.comparing(PendingCollection::at, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(PendingCollection::collection))
                .toList();
    }

    /** Forgets the collections IA now lists. */
    public synchronized void prune(Collection<String> indexed) {
        if (pending.keySet().removeAll(Set.copyOf(indexed))) {
            save();
        }
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            Map<String, PendingCollection> saved = mapper.readValue(file.toFile(), new TypeReference<>() { });
            if (saved != null) {
                saved.forEach((k, v) -> {
                    if (k != null && v != null) {
                        pending.put(k, v);
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Failed to load pending collections: %s", e.getMessage());
        }
    }

    private void save() {
        try {
            AtomicFiles.write(file, mapper.writeValueAsBytes(new TreeMap<>(pending)));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not save %s: %s", file, e.getMessage());
        }
    }
}
