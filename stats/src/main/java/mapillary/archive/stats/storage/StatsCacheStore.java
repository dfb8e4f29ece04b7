package mapillary.archive.stats.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.common.io.AtomicFiles;
import mapillary.archive.stats.config.ArchiveConfig;
import mapillary.archive.stats.model.StatsCache;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Keeps the last good search on disk ({@code ${archive.data-dir}/stats/cache.json}, written atomically). */
@ApplicationScoped
public class StatsCacheStore {

    private static final Logger LOG = Logger.getLogger(StatsCacheStore.class);

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    @Inject
    public StatsCacheStore(ArchiveConfig archive) {
        this(archive.dataDir().resolve("stats").resolve("cache.json"));
    }

    public StatsCacheStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Writes the cache (temp file, fsync, atomic rename). */
    public void save(StatsCache cache) {
        try {
            AtomicFiles.write(file, mapper.writeValueAsBytes(cache));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** The saved cache; empty when there is none or it cannot be read (logged, treated as empty). */
    public Optional<StatsCache> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            StatsCache c = mapper.readValue(file.toFile(), StatsCache.class);
            return c == null || c.collections() == null ? Optional.empty() : Optional.of(c);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Failed to load cache: %s", e.getMessage());
            return Optional.empty();
        }
    }
}
