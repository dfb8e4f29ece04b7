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
import mapillary.archive.common.format.Formats;
import mapillary.archive.common.io.DirectorySize;
import mapillary.archive.common.io.PathComponents;
import mapillary.archive.common.storage.CollectionLog;
import mapillary.archive.common.storage.DataDirs;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Does the archiver's disk work for one collection, driven only by its tracked state and the files, so it can be
 * re-run at any time (after a restart, a redelivery): tars every complete date as soon as it is complete, and once
 * every listed image is accounted for, finalises the collection (spec §6.4 step 12, §10): verified files,
 * thumbnail, remaining tars, {@code failed.jsonl}, {@code metadata.jsonl.gz}, {@code .meta}, the move to
 * {@code output/}, and the FINALISED event.
 */
public class CollectionArchiver {

    private static final Logger LOG = Logger.getLogger(CollectionArchiver.class);

    private final DataDirs dirs;
    private final Tracker tracker;
    private final CollectionEvents events;
    private final Thumbnailer thumbnailer;
    private final String version;
    private final UploadQueue uploads;
    private final long itemCap;
    /** collection/date keys tarred early in this process, so a busy collection does not re-check them per batch. */
    private final java.util.Map<String, Boolean> earlyTarred = new java.util.concurrent.ConcurrentHashMap<>();
    private ItemSplit.Hook hook = ItemSplit.Hook.NONE;

    public CollectionArchiver(DataDirs dirs, Tracker tracker, CollectionEvents events, Thumbnailer thumbnailer,
                              String version) {
        this(dirs, tracker, events, thumbnailer, version, UploadQueue.NONE, Long.MAX_VALUE);
    }

    /**
     * @param uploads where finalised items go next
     * @param itemCap bytes an IA item may hold before later dates continue in {@code <collection>-2}, ...
     */
    public CollectionArchiver(DataDirs dirs, Tracker tracker, CollectionEvents events, Thumbnailer thumbnailer,
                              String version, UploadQueue uploads, long itemCap) {
        this.uploads = uploads;
        this.itemCap = itemCap;
        this.dirs = dirs;
        this.tracker = tracker;
        this.events = events;
        this.thumbnailer = thumbnailer;
        this.version = version;
    }

    /** Tests: called at each step boundary of the size-cap split, to simulate a crash there. */
    void stepHook(ItemSplit.Hook hook) {
        this.hook = hook;
    }

    /** Brings the collection as far as its state allows: early date tars, or the whole finalisation. */
    public void process(String collection) throws IOException {
        Optional<CollectionSnapshot> progress = tracker.progress(collection);
        if (progress.isEmpty()) {
            return;
        }
        if (progress.get().complete() && progress.get().listed() == 0) {
            LOG.infof("Harvest %s of %s listed no images: nothing to archive", progress.get().harvestId(), collection);
            tracker.forget(collection);
        } else if (progress.get().complete()) {
            finalise(tracker.snapshot(collection).orElseThrow());
            earlyTarred.keySet().removeIf(k -> k.startsWith(collection + "/"));
        } else if (progress.get().tar()) {
            tarCompleteDates(progress.get());
        }
    }

    /** Tars each date whose listed images are all accounted for and whose directory is still there. */
    void tarCompleteDates(CollectionSnapshot snap) throws IOException {
        Path staging = dirs.staging(snap.collection());
        if (Files.exists(dirs.output(snap.collection()))) {
            return; // a re-harvest of a finished collection: new files are merged as addenda at finalisation
        }
        for (String date : snap.completeDates()) {
            String key = snap.collection() + "/" + date;
            if (!earlyTarred.containsKey(key) && Files.isDirectory(staging.resolve(date))) {
                verifyFiles(snap.collection(), tracker.outcomes(snap.collection(), date), staging, date);
                DateTarResult r = tarDate(snap, staging, date);
                earlyTarred.put(key, Boolean.TRUE);
                if (r.wroteTar() && uploads.incremental()) {
                    uploadEarly(snap.collection(), staging, r);
                }
            }
        }
    }

    /**
     * Incremental upload: places the date in its IA item (part) for good and hands its new tar to the upload
     * worker, with the metadata known before finalisation; what this misses is uploaded at finalisation.
     */
    private void uploadEarly(String collection, Path staging, DateTarResult r) throws IOException {
        Optional<CollectionName> name = CollectionName.parse(collection);
        if (name.isEmpty()) {
            return;
        }
        PartPlan plan = PartPlan.load(staging, itemCap);
        int part = plan.place(r.date(), r.bytes());
        plan.save();
        CollectionName item = name.get().withPart(part);
        uploads.early(item.id(), staging.resolve(r.tarName()), IaMetadata.preliminary(item, version));
    }

    void finalise(CollectionSnapshot snap) throws IOException {
        String c = snap.collection();
        Path staging = dirs.staging(c);
        Path output = dirs.output(c);
        if (!Files.isDirectory(staging)) {
            if (Files.isDirectory(output)) {
                LOG.infof("Collection %s is already at %s; reporting it finalised", c, output);
                finished(snap, output);
            } else {
                LOG.errorf("Collection %s is complete but has no staging directory %s; nothing to finalise", c,
                        staging);
            }
            return;
        }
        Optional<CollectionName> name = CollectionName.parse(c);
        if (name.isEmpty()) {
            LOG.errorf("Could not parse username/quality from directory: %s", c);
            return;
        }
        if (Files.exists(output)) {
            if (snap.tar() && Files.isDirectory(output)) {
                new AddendumMerge(dirs, tracker, events, thumbnailer, version, uploads, hook).merge(snap, name.get());
            } else {
                LOG.errorf("Destination already exists, refusing to overwrite it: %s (staging kept at %s)", output,
                        staging);
            }
            return;
        }
        boolean resumingSplit = PartPlan.load(staging, itemCap).complete();
        CollectionLog log = new CollectionLog(staging);
        if (resumingSplit) {
            log.info("Resuming the split of " + c + " into items");
        } else {
            verifyFiles(c, snap.outcomes(), staging, null);
            snap = tracker.snapshot(c).orElse(snap);
            for (ImageOutcome o : snap.outcomes().stream().filter(o -> !o.ok())
                    .sorted(java.util.Comparator.comparing(ImageOutcome::imageId)).toList()) {
                log.warn("Failed to download " + o.imageId() + ": " + o.reason() + " (" + o.attempts()
                        + " attempts)");
            }
            log.info("Finalising " + c + ": " + snap.archived() + " images archived, " + snap.failed() + " failed");
            thumbnailer.make(staging, name.get().webp());
            if (snap.tar()) {
                tarRemainingDates(snap, staging);
            }
            FailedList.write(staging, snap.outcomes());
            MetadataGzip.compress(staging, Instant.now());
        }
        long failed = snap.failed();
        int parts = snap.tar() ? ItemParts.complete(staging, itemCap).parts() : 1;
        ItemSplit split = new ItemSplit(dirs, version, hook);
        if (parts > 1) {
            if (!resumingSplit) {
                log.info("Collection exceeds the item cap of " + Formats.size(itemCap) + ": continuing in "
                        + (parts - 1) + " more items");
            }
            hook.reached("planned");
            split.stage(name.get(), staging, PartPlan.load(staging, itemCap), failed, log);
        } else {
            writeMeta(snap, name.get(), staging);
        }
        if (failed > 0) {
            log.warn("Collection is partial: " + failed + " images failed for good (see " + FailedList.NAME + ")");
        }
        log.info("Session: " + snap.archived() + " archived, " + failed + " failed; moving to "
                + dirs.relative(output));

        LOG.info("Moving to final destination...");
        Files.createDirectories(output.getParent());
        if (!split.moveOut(name.get(), parts)) {
            return;
        }
        try {
            Files.move(staging, output, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            LOG.errorf("Cannot move %s to %s atomically (different filesystems?); staging kept", staging, output);
            return;
        }
        LOG.infof("Done: %s", output);
        if (failed > 0) {
            LOG.warnf("Collection %s is partial: %d images failed for good (see %s)", c, failed, FailedList.NAME);
        }
        hook.reached("moved");
        finished(snap, output);
    }

    /**
     * Reports the finished collection (FINALISED), queues the upload of its items (continuation parts first), and
     * stops tracking it. Safe to repeat after a crash before it completed.
     */
    private void finished(CollectionSnapshot snap, Path output) throws IOException {
        Optional<CollectionName> name = CollectionName.parse(snap.collection());
        List<ItemSplit.Part> parts = name.isEmpty() || !PartPlan.exists(output) ? List.of()
                : new ItemSplit(dirs, version, hook).finished(name.get(), PartPlan.load(output, itemCap).parts());
        for (ItemSplit.Part part : parts) {
            uploads.enqueue(part.id(), snap.harvestId(), part.images(), 0);
        }
        CollectionEvent finalised = CollectionEvent.of(CollectionEvent.Type.FINALISED, snap.harvestId(),
                snap.collection(), null, snap.archived(), snap.failed(), DirectorySize.bytes(output),
                dirs.relative(output), null);
        events.publish(uploads.enabled() ? finalised.continuing() : finalised);
        uploads.enqueue(snap.collection(), snap.harvestId(), snap.archived(), snap.failed());
        tracker.forget(snap.collection());
    }

    private void tarRemainingDates(CollectionSnapshot snap, Path staging) throws IOException {
        List<String> dates = new ArrayList<>();
        try (Stream<Path> s = Files.list(staging)) {
            s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(DateBucket::isDateDirectory)
                    .sorted(CollectionArchiver::dateOrder).forEach(dates::add);
        }
        CollectionLog log = new CollectionLog(staging);
        if (dates.isEmpty()) {
            log.info("No date directories to tar");
            return;
        }
        log.info("Tarring " + dates.size() + " date directories...");
        int tarred = 0;
        long files = 0;
        long bytes = 0;
        for (String date : dates) {
            DateTarResult r = tarDate(snap, staging, date);
            if (r.wroteTar()) {
                tarred++;
                files += r.files();
                bytes += r.bytes();
            }
        }
        log.info("Tarred " + tarred + " dates (" + files + " files, " + Formats.size(bytes) + " total tar size)");
    }

    private DateTarResult tarDate(CollectionSnapshot snap, Path staging, String date) throws IOException {
        DateTarResult r = DateTarrer.tar(staging, date);
        if (r.wroteTar()) {
            new CollectionLog(staging).info("Tarred date '" + date + "': " + r.files() + " files, "
                    + Formats.size(r.bytes()) + " (" + r.tarName() + ")");
            events.publish(CollectionEvent.of(CollectionEvent.Type.DATE_TARRED, snap.harvestId(), snap.collection(),
                    date, r.files(), 0, r.bytes(), dirs.relative(staging.resolve(r.tarName())), null));
        }
        return r;
    }

    /** Date order: chronological, {@code unknown-date} last. */
    static int dateOrder(String a, String b) {
        boolean ua = DateBucket.UNKNOWN.equals(a);
        boolean ub = DateBucket.UNKNOWN.equals(b);
        return ua == ub ? a.compareTo(b) : ua ? 1 : -1;
    }

    /**
     * Checks that every OK image (of {@code date}, or all when null) is on disk or already in a tar; an image whose
     * file is gone, or whose reported path is unsafe, is recorded as failed so no count is ever false.
     */
    void verifyFiles(String collection, List<ImageOutcome> outcomes, Path staging, String date)
            throws IOException {
        Set<String> tarred = new HashSet<>();
        for (Path tar : TarNames.existing(staging, date)) {
            tarred.addAll(TarIndex.read(tar).keySet());
        }
        List<String> missing = new ArrayList<>();
        for (ImageOutcome o : outcomes) {
            if (!o.ok() || (date != null && !date.equals(o.date()))) {
                continue;
            }
            if (!safePath(o) || !(tarred.contains(o.path()) || Files.isRegularFile(staging.resolve(o.path())))) {
                missing.add(o.imageId());
            }
        }
        if (!missing.isEmpty()) {
            LOG.warnf("%d images of %s reported OK have no file; counting them as failed", missing.size(),
                    collection);
            tracker.markMissing(collection, missing);
        }
    }

    /** A result's path must be {@code <date>/[<sequence>/]<file>} with safe components. */
    static boolean safePath(ImageOutcome o) {
        if (o.path() == null) {
            return false;
        }
        String[] parts = o.path().split("/", -1);
        if (parts.length < 2 || parts.length > 3 || !parts[0].equals(o.date())) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            if (!PathComponents.isSafe(parts[i])) {
                return false;
            }
        }
        return true;
    }

    private void writeMeta(CollectionSnapshot snap, CollectionName name, Path staging) throws IOException {
        LOG.infof("Generating IA metadata for %s...", snap.collection());
        Set<String> archived = new HashSet<>();
        List<String> dates = new ArrayList<>();
        for (ImageOutcome o : snap.outcomes()) {
            if (o.ok()) {
                archived.add(o.imageId());
                dates.add(o.date());
            }
        }
        Path gz = staging.resolve(MetadataGzip.GZ);
        CaptureRange range = Files.isRegularFile(gz) ? CaptureRange.scan(gz, archived) : null;
        if (range == null) {
            range = CaptureRange.ofDates(dates);
        }
        if (range == null) {
            LOG.warn("Could not determine date range from metadata");
        }
        boolean tarred = !TarNames.existing(staging, null).isEmpty();
        MetaWriter.write(staging, IaMetadata.tags(new MetaInput(name, version, archived.size(),
                snap.outcomes().size() - archived.size(), range, tarred)));
    }

    /** For log lines: a human size. */
    static String size(long bytes) {
        return Formats.size(bytes);
    }
}
