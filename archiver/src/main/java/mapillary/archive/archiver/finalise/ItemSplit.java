package mapillary.archive.archiver.finalise;

import mapillary.archive.archiver.image.Thumbnailer;
import mapillary.archive.archiver.meta.CaptureRange;
import mapillary.archive.archiver.meta.IaMetadata;
import mapillary.archive.archiver.meta.MetaInput;
import mapillary.archive.archiver.meta.MetaWriter;
import mapillary.archive.archiver.storage.MetadataGzip;
import mapillary.archive.archiver.tar.TarIndex;
import mapillary.archive.archiver.tar.TarNames;
import mapillary.archive.common.collection.CollectionName;
import mapillary.archive.common.storage.CollectionLog;
import mapillary.archive.common.storage.DataDirs;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out the split of a collection past the item size cap by its stored {@link PartPlan}, in steps that can
 * each be repeated, so a restart after a crash anywhere completes it: every tar of part k moves (atomically) into
 * {@code staging/<collection>-k}, which then gets the thumbnail, {@code metadata.jsonl.gz} and its own {@code .meta}
 * ("part k of M"); part 1's {@code .meta} follows; then each part moves to {@code output/}. A tar is only ever moved,
 * so no date is lost or duplicated across parts.
 */
final class ItemSplit {

    private static final Logger LOG = Logger.getLogger(ItemSplit.class);

    /** Called at each step boundary; tests throw from it to simulate a crash there. */
    interface Hook {
        Hook NONE = step -> {
        };

        void reached(String step) throws IOException;
    }

    /** A continuation item of a split collection. */
    record Part(String id, long images) {
    }

    private final DataDirs dirs;
    private final String version;
    private final Hook hook;

    ItemSplit(DataDirs dirs, String version, Hook hook) {
        this.dirs = dirs;
        this.version = version;
        this.hook = hook;
    }

    /** Stages parts 2..M in {@code staging/} (skipping those already moved out) and writes part 1's {@code .meta}. */
    void stage(CollectionName name, Path staging, PartPlan plan, long failed, CollectionLog log) throws IOException {
        int parts = plan.parts();
        for (int k = 2; k <= parts; k++) {
            CollectionName partName = name.withPart(k);
            Path partDir = dirs.staging(partName.id());
            if (Files.isDirectory(dirs.output(partName.id())) && !Files.exists(partDir)) {
                continue; // moved out before a crash
            }
            Files.createDirectories(partDir);
            int moved = 0;
            for (Path tar : TarNames.existing(staging, null)) {
                if (plan.partOf(TarNames.dateOf(tar.getFileName().toString())) == k) {
                    Files.move(tar, partDir.resolve(tar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                    if (moved++ == 0) {
                        hook.reached("tar-moved:" + k);
                    }
                }
            }
            hook.reached("tars-moved:" + k);
            copy(staging, partDir, Thumbnailer.NAME);
            copy(staging, partDir, MetadataGzip.GZ);
            long images = writeMeta(partName, partDir, k, parts, 0);
            log.info("Part " + k + " of " + parts + ": " + partName.id() + " ("
                    + TarNames.existing(partDir, null).size() + " tars, " + images + " images)");
            hook.reached("staged:" + k);
        }
        long first = writeMeta(name, staging, 1, parts, failed);
        log.info("Part 1 of " + parts + ": " + name.id() + " (" + first + " images)");
        hook.reached("staged:1");
    }

    /** Moves staged parts 2..M to {@code output/}; false (nothing more done) when a destination is in the way. */
    boolean moveOut(CollectionName name, int parts) throws IOException {
        for (int k = 2; k <= parts; k++) {
            String id = name.withPart(k).id();
            Path partDir = dirs.staging(id);
            Path partOut = dirs.output(id);
            if (!Files.exists(partDir)) {
                continue;
            }
            if (Files.exists(partOut)) {
                LOG.errorf("Destination already exists, refusing to overwrite it: %s (staging kept)", partOut);
                return false;
            }
            Files.move(partDir, partOut, StandardCopyOption.ATOMIC_MOVE);
            hook.reached("moved-out:" + k);
        }
        return true;
    }

    /** Parts 2..M of a finished collection in {@code output/}, with the images their {@code .meta} counts. */
    List<Part> finished(CollectionName name, int parts) throws IOException {
        List<Part> out = new ArrayList<>();
        for (int k = 2; k <= parts; k++) {
            String id = name.withPart(k).id();
            List<String> count = MetaWriter.read(dirs.output(id)).get("image_count");
            out.add(new Part(id, count == null || count.isEmpty() ? 0 : Long.parseLong(count.get(0))));
        }
        return out;
    }

    private static void copy(Path from, Path to, String name) throws IOException {
        if (Files.isRegularFile(from.resolve(name))) {
            Files.copy(from.resolve(name), to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes the {@code .meta} of one part from its own tars; returns the images it holds. */
    private long writeMeta(CollectionName partName, Path dir, int part, int parts, long failed) throws IOException {
        long images = 0;
        List<String> dates = new ArrayList<>();
        for (Path tar : TarNames.existing(dir, null)) {
            images += TarIndex.read(tar).size();
            dates.add(TarNames.dateOf(tar.getFileName().toString()));
        }
        MetaWriter.write(dir, IaMetadata.tags(new MetaInput(partName, version, images, failed,
                CaptureRange.ofDates(dates), true, part, parts)));
        return images;
    }
}
