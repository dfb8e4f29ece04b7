package mapillary.archive.harvester.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.common.storage.DataDirs;
import mapillary.archive.harvester.storage.HarvestFile;
import mapillary.archive.harvester.storage.HarvestState;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Persists harvests as {@code harvest.json} in their collection dir (staging, or output once the archiver moved
 * it) and reads them back at start-up.
 */
@ApplicationScoped
public class HarvestStore {

    private static final Logger LOG = Logger.getLogger(HarvestStore.class);

    private final DataDirs dirs;

    @Inject
    public HarvestStore(DataDirs dirs) {
        this.dirs = dirs;
    }

    /** Writes the harvest where its collection now is; a SKIPPED harvest is never written. */
    public void save(Harvest h) {
        if (h.status() == HarvestStatus.SKIPPED) {
            return;
        }
        HarvestState state = h.snapshot();
        try {
            if (!HarvestFile.save(dirs.staging(h.collection()), state)) {
                HarvestFile.save(dirs.output(h.collection()), state);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not save harvest.json of %s: %s", h.collection(), e.toString());
        }
    }

    /** Every harvest.json under staging/ and output/; unreadable ones are logged and left alone. */
    public List<HarvestState> loadAll() {
        List<HarvestState> found = new ArrayList<>();
        for (Path root : List.of(dirs.stagingRoot(), dirs.outputRoot())) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
                for (Path dir : ds) {
                    Path file = dir.resolve(HarvestFile.NAME);
                    if (Files.isRegularFile(file)) {
                        try {
                            found.add(HarvestFile.load(file));
                        } catch (IOException | RuntimeException e) {
                            LOG.warnf("Ignoring unreadable %s: %s", file, e.toString());
                        }
                    }
                }
            } catch (IOException e) {
                LOG.warnf("Could not scan %s: %s", root, e.toString());
            }
        }
        return found;
    }
}
