package mapillary.archive.harvester.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.common.collection.Bbox;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.ImageTask;
import mapillary.archive.common.format.Formats;
import mapillary.archive.harvester.kafka.EventPublisher;
import mapillary.archive.harvester.mapillary.MapillaryApiException;
import mapillary.archive.harvester.mapillary.MapillaryClient;
import mapillary.archive.harvester.mapillary.Page;
import mapillary.archive.harvester.mapillary.RawRecord;
import mapillary.archive.harvester.mapillary.Redaction;
import mapillary.archive.harvester.storage.CursorFile;
import mapillary.archive.harvester.storage.MetadataFile;
import mapillary.archive.harvester.storage.PublishedLog;
import mapillary.archive.harvester.storage.RepublishCursor;
import mapillary.archive.harvester.storage.ListedIds;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Lists a user page by page into {@code metadata.jsonl}, publishes one task per new record, saves the cursor
 * once the page's tasks are acknowledged, and ends with the marker and LISTED. Resumes from what is on disk.
 */
final class ListingJob implements Runnable {

    private static final Logger LOG = Logger.getLogger(ListingJob.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Harvest harvest;
    private final Bbox bbox;
    private final boolean fresh;
    private final Path dir;
    private final Path scratch;
    private final MapillaryClient client;
    private final EventPublisher publisher;
    private final HarvestStore store;
    private final Consumer<String> log;
    private final BooleanSupplier stopping;
    private final ListingMetrics metrics;

    /** {@code scratch}: a directory of its own for the listed-id store, removed when the listing ends. */
    ListingJob(Harvest harvest, Bbox bbox, boolean fresh, Path dir, Path scratch, MapillaryClient client,
               EventPublisher publisher, HarvestStore store, Consumer<String> log, BooleanSupplier stopping,
               ListingMetrics metrics) {
        this.stopping = stopping;
        this.metrics = metrics;
        this.harvest = harvest;
        this.bbox = bbox;
        this.fresh = fresh;
        this.dir = dir;
        this.scratch = scratch;
        this.client = client;
        this.publisher = publisher;
        this.store = store;
        this.log = log;
    }

    @Override
    public void run() {
        try {
            if (fresh) {
                await(List.of(publisher.event(HarvestEvent.started(harvest.id(), harvest.collection(),
                        harvest.username(), harvest.quality(), harvest.webp(), harvest.tar()))));
            }
            ListingTally tally = list();
            if (harvest.cancelRequested()) {
                return;
            }
            await(List.of(publisher.event(HarvestEvent.listed(harvest.id(), harvest.collection(),
                    harvest.username(), harvest.quality(), harvest.webp(), harvest.tar(), tally.published(),
                    tally.perDate()))));
            harvest.listingDone();
            info("Listed " + Formats.thousands(tally.published()) + " images to fetch ("
                    + Formats.thousands(tally.noUrl()) + " without a " + harvest.quality().label() + " URL, "
                    + Formats.thousands(tally.unsafe()) + " rejected, " + Formats.thousands(tally.repaired())
                    + " repaired)");
            store.save(harvest);
        } catch (InterruptedException e) {
            if (!harvest.cancelRequested()) {
                fail("listing interrupted");
            }
        } catch (MapillaryApiException e) {
            fail(e.getMessage());
        } catch (Exception | Error e) {
            // an Error too (OutOfMemoryError, StackOverflowError): the harvest must never stay LISTING silently;
            // the listing's memory is unreachable by now, and a new POST resumes from the saved cursor
            LOG.errorf(e, "Listing of %s failed", harvest.collection());
            fail("listing failed: " + e);
        }
    }

    private ListingTally list() throws IOException, InterruptedException, MapillaryApiException {
        Files.createDirectories(dir);
        ListingTally tally = new ListingTally(harvest.quality());
        CursorFile cursor = new CursorFile(dir);
        try (ListedIds seen = ListedIds.open(scratch);
             MetadataFile metadata = new MetadataFile(dir);
             PublishedLog published = PublishedLog.open(dir, fresh)) {
            long torn = metadata.truncateTornTail();
            if (torn > 0) {
                info("Removed a torn last line (" + torn + " bytes) from " + MetadataFile.NAME);
            }
            boolean[] complete = {false};
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            // a new harvest of a collection listed before publishes the records on disk under its own id; the
            // cursor (written before harvest.json, see HarvestService) says how far that got before a crash
            RepublishCursor republishCursor = new RepublishCursor(dir);
            long republishFrom = fresh ? 0 : republishCursor.read(harvest.id()).orElse(-1);
            if (republishFrom > 0) {
                info("Resuming the re-publication of earlier listed images after line "
                        + Formats.thousands(republishFrom) + " of " + MetadataFile.NAME);
            }
            long[] lineNo = {0};
            metadata.visitLines(line -> {
                lineNo[0]++;
                JsonNode node;
                try {
                    node = MAPPER.readTree(line);
                } catch (IOException unparseable) {
                    return;
                }
                if (node == null || !node.isObject()) {
                    return;
                }
                if (node.path("__complete__").asBoolean(false)) {
                    complete[0] = true;
                    return;
                }
                JsonNode id = node.get("id");
                if (id != null && !id.isNull() && !seen.add(id.asText())) {
                    return;
                }
                if (tally.count(node) == ListingTally.Verdict.PUBLISH && republishFrom >= 0
                        && lineNo[0] > republishFrom) {
                    // a new harvest of a collection listed before: its tasks carried another harvest's id
                    pending.add(publish(id.asText(), (ObjectNode) node));
                    if (pending.size() >= 2000) {
                        await(pending);
                        pending.clear();
                        republishCursor.save(harvest.id(), lineNo[0]);
                    }
                }
            });
            await(pending);
            republishCursor.delete();
            if (republishFrom >= 0 && tally.published() > 0) {
                info("Published " + Formats.thousands(tally.published()) + " tasks for images listed earlier");
            }
            publishCounts(tally);
            if (complete[0]) {
                published.delete();
                info("Metadata is complete: " + Formats.thousands(seen.size()) + " records, no API calls needed");
                return tally;
            }
            boolean resumed = seen.size() > 0;
            String url = cursor.read().orElse(null);
            if (url != null) {
                info("Found API cursor, will resume from saved position");
            } else {
                url = client.firstPageUrl(harvest.username(), harvest.quality(), bbox);
            }
            // a resumed harvest re-publishes the page cut short by the crash (its tasks may be missing);
            // a fresh one already published everything on disk above
            boolean republish = resumed && !fresh;
            // ... except the records whose tasks the broker had acknowledged before the crash
            Set<String> acknowledged = republish ? published.read() : Set.of();
            long notRepublished = 0;
            long fetchedThisSession = 0;
            long rejectedSeen = tally.unsafe();
            long repairedSeen = tally.repaired();
            while (url != null) {
                if (harvest.cancelRequested()) {
                    throw new InterruptedException("cancelled");
                }
                Page page = client.fetch(url, log);
                List<CompletableFuture<Void>> acks = new ArrayList<>(page.records().size());
                for (RawRecord record : page.records()) {
                    String id = record.id();
                    if (id != null && seen.contains(id)) {
                        // already in metadata.jsonl: only the page cut short by a crash may lack its task
                        if (republish && tally.classify(record.node()) == ListingTally.Verdict.PUBLISH) {
                            if (acknowledged.contains(id)) {
                                notRepublished++;
                            } else {
                                acks.add(publish(id, record.node(), published));
                            }
                        }
                        continue;
                    }
                    metadata.append(record.json());
                    if (id != null) {
                        seen.add(id);
                    }
                    long repairedBefore = tally.repaired();
                    if (tally.count(record.node()) == ListingTally.Verdict.PUBLISH) {
                        if (record.rewritten() && tally.repaired() == repairedBefore) {
                            tally.repairedJson();
                        }
                        acks.add(publish(id, record.node(), published));
                    }
                }
                tally.malformed(page.malformed());
                metrics.rejected(tally.unsafe() - rejectedSeen);
                metrics.repaired(tally.repaired() - repairedSeen);
                rejectedSeen = tally.unsafe();
                repairedSeen = tally.repaired();
                metadata.sync();
                await(acks);
                if (republish && notRepublished > 0) {
                    info("Did not re-publish " + Formats.thousands(notRepublished)
                            + " tasks acknowledged before the restart");
                }
                republish = false;
                fetchedThisSession += page.records().size();
                info("Fetched metadata for " + Formats.thousands(fetchedThisSession) + " images...");
                url = page.next();
                if (url != null) {
                    cursor.save(url);
                    published.clear();
                }
                publishCounts(tally);
                store.save(harvest);
            }
            metadata.appendMarker();
            cursor.delete();
            published.delete();
            info("API fetch complete: " + Formats.thousands(fetchedThisSession) + " images");
        }
        return tally;
    }

    /** Publishes a listed record's task and, once the broker acknowledged it, notes its id in the page's log. */
    private CompletableFuture<Void> publish(String id, ObjectNode record, PublishedLog published) {
        return publish(id, record).thenRun(() -> {
            try {
                published.add(id);
            } catch (IOException e) {
                // without the note the task is merely re-published after a crash
                LOG.debugf("Could not note a published task of %s: %s", harvest.collection(), e.toString());
            }
        });
    }

    private CompletableFuture<Void> publish(String id, ObjectNode record) {
        ListingTally.repair(record);
        return publisher.task(id, ImageTask.of(harvest.id(), harvest.collection(), harvest.quality(),
                harvest.webp(), record));
    }

    private void publishCounts(ListingTally tally) {
        harvest.listingCounts(tally.published(), tally.noUrl(), tally.unsafe(), tally.bad());
    }

    private static void await(List<CompletableFuture<Void>> acks) throws InterruptedException, IOException {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw new IOException("Kafka did not accept the messages: " + e.getCause(), e.getCause());
        }
    }

    private void fail(String reason) {
        if (stopping.getAsBoolean()) {
            // the harvester is shutting down: stay LISTING so the next start resumes from the cursor
            LOG.infof("Listing of %s stopped by shutdown; it resumes on the next start", harvest.collection());
            return;
        }
        String safe = Redaction.redact(reason, null);
        LOG.errorf("API fetch failed for %s: %s", harvest.collection(), safe);
        log.accept("ERROR API fetch failed: " + safe);
        if (harvest.transition(HarvestStatus.FAILED, safe)) {
            publisher.event(HarvestEvent.ended(HarvestEvent.Type.FAILED, harvest.id(), harvest.collection(), safe));
        }
        store.save(harvest);
    }

    private void info(String line) {
        LOG.infof("%s: %s", harvest.collection(), line);
        log.accept("INFO " + line);
    }
}
