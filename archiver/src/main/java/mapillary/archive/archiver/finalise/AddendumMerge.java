package mapillary.archive.archiver.finalise;

import mapillary.archive.archiver.image.Thumbnailer;
import mapillary.archive.archiver.kafka.CollectionEvents;
import mapillary.archive.archiver.meta.CaptureRange;
import mapillary.archive.archiver.meta.IaMetadata;
import mapillary.archive.archiver.meta.MetaInput;
import mapillary.archive.archiver.meta.MetaWriter;
import mapillary.archive.archiver.storage.FailedList;
import mapillary.archive.archiver.storage.MetadataGzip;
import mapillary.archive.archiver.tar.DateTarResult;
import mapillary.archive.archiver.tar.DateTarrer;
import mapillary.archive.archiver.tar.TarIndex;
import mapillary.archive.archiver.tar.TarNames;
import mapillary.archive.archiver.tracking.CollectionSnapshot;
import mapillary.archive.archiver.tracking.ImageOutcome;
import mapillary.archive.archiver.tracking.Tracker;
import mapillary.archive.common.collection.CollectionName;
import mapillary.archive.common.collection.DateBucket;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.io.DirectorySize;
import mapillary.archive.common.storage.CollectionLog;
import mapillary.archive.common.storage.DataDirs;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finalises a re-harvest (force) of a collection already in {@code output/}: each new date directory is moved into
 * the finished collection and tarred there, so only files not already in its tars (same path and size) go into
 * addenda {@code <date>.N.tar}; existing tars are never touched. The metadata, failures and {@code .meta} are
 * rewritten over the union, the run's logs are added, and the emptied staging directory is removed. Every step can
 * be repeated, so a merge cut short by a crash at any point resumes on the next start.
 */
final class AddendumMerge {

    private static final Logger LOG = Logger.getLogger(AddendumMerge.class);

    private final DataDirs dirs;
    private final Tracker tracker;
    private final CollectionEvents events;
    private final Thumbnailer thumbnailer;
    private final String version;
    private final UploadQueue uploads;
    private final ItemSplit.Hook hook;

    /** {@code hook}: called at each step boundary, where a test simulates a crash. */
    AddendumMerge(DataDirs dirs, Tracker tracker, CollectionEvents events, Thumbnailer thumbnailer, String version,
                  UploadQueue uploads, ItemSplit.Hook hook) {
        this.hook = hook;
        this.dirs = dirs;
        this.tracker = tracker;
        this.events = events;
        this.thumbnailer = thumbnailer;
        this.version = version;
        this.uploads = uploads;
    }

    void merge(CollectionSnapshot snap, CollectionName name) throws IOException {
        String c = snap.collection();
        Path staging = dirs.staging(c);
        Path output = dirs.output(c);
        CollectionLog log = new CollectionLog(staging);
        tarDates(snap, output, dateDirectories(output), log); // moved there before a crash, not tarred yet
        List<String> dates = dateDirectories(staging);
        for (String date : dates) {
            if (Files.exists(output.resolve(date))) {
                LOG.errorf("Cannot merge %s: %s already holds a directory %s; staging kept", c, output, date);
                return;
            }
        }
        log.info("Collection already exists at " + dirs.relative(output) + ": adding what is missing as addenda");
        if (!Files.exists(output.resolve(Thumbnailer.NAME))) {
            thumbnailer.make(staging, name.webp());
            moveIfPresent(staging, output, Thumbnailer.NAME);
            hook.reached("thumbnail");
        }
        for (String date : dates) {
            Files.move(staging.resolve(date), output.resolve(date), StandardCopyOption.ATOMIC_MOVE);
            hook.reached("moved " + date);
            tarDates(snap, output, List.of(date), log);
        }
        MetadataGzip.compress(staging, Instant.now());
        hook.reached("compressed");
        moveIfPresent(staging, output, MetadataGzip.GZ); // also one compressed before a crash
        hook.reached("metadata moved");
        Set<String> archived = new HashSet<>();
        List<String> archivedDates = new ArrayList<>();
        for (Path tar : TarNames.existing(output, null)) {
            for (String entry : TarIndex.read(tar).keySet()) {
                String file = entry.substring(entry.lastIndexOf('/') + 1);
                int dot = file.lastIndexOf('.');
                if (archived.add(dot > 0 ? file.substring(0, dot) : file)) {
                    archivedDates.add(entry.substring(0, entry.indexOf('/')));
                }
            }
        }
        List<ImageOutcome> stillFailed = snap.outcomes().stream()
                .filter(o -> !o.ok() && !archived.contains(o.imageId())).toList();
        Files.deleteIfExists(output.resolve(FailedList.NAME));
        hook.reached("failed list removed");
        FailedList.write(output, stillFailed);
        Path gz = output.resolve(MetadataGzip.GZ);
        CaptureRange range = Files.isRegularFile(gz) ? CaptureRange.scan(gz, archived) : null;
        if (range == null) {
            range = CaptureRange.ofDates(archivedDates);
        }
        MetaWriter.write(output, IaMetadata.tags(new MetaInput(name, version, archived.size(), stillFailed.size(),
                range, true)));
        hook.reached("meta written");
        log.info("Session: " + archived.size() + " images archived in total, " + stillFailed.size() + " failed");
        try (Stream<Path> s = Files.list(staging)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.move(p, output.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                hook.reached("file moved");
            }
        }
        try {
            Files.delete(staging);
        } catch (IOException e) {
            LOG.warnf("Staging %s kept after the merge: %s", staging, e.getMessage());
        }
        LOG.infof("Done: %s (merged)", output);
        events.publish(CollectionEvent.of(CollectionEvent.Type.FINALISED, snap.harvestId(), c, null, archived.size(),
                stillFailed.size(), DirectorySize.bytes(output), dirs.relative(output), null));
        uploads.enqueue(c, snap.harvestId(), archived.size(), stillFailed.size());
        tracker.forget(c);
    }

    /** Tars each of {@code dates} in the finished collection: only files not already in its tars go in. */
    private void tarDates(CollectionSnapshot snap, Path output, List<String> dates, CollectionLog log)
            throws IOException {
        for (String date : dates) {
            DateTarResult r = DateTarrer.tar(output, date);
            if (r.wroteTar()) {
                log.info("Tarred date '" + date + "': " + r.files() + " new files (" + r.tarName() + "), "
                        + r.alreadyTarred() + " already archived");
                events.publish(CollectionEvent.of(CollectionEvent.Type.DATE_TARRED, snap.harvestId(),
                        snap.collection(), date, r.files(), 0, r.bytes(), dirs.relative(output.resolve(r.tarName())),
                        null));
            }
            hook.reached("tarred " + date);
        }
    }

    /** The date directories directly in {@code dir}, chronological, {@code unknown-date} last. */
    private static List<String> dateDirectories(Path dir) throws IOException {
        List<String> dates = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(DateBucket::isDateDirectory)
                    .sorted(CollectionArchiver::dateOrder).forEach(dates::add);
        }
        return dates;
    }

    private static void moveIfPresent(Path from, Path to, String name) throws IOException {
        if (Files.isRegularFile(from.resolve(name))) {
            Files.move(from.resolve(name), to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
