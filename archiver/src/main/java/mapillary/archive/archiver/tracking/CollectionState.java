package mapillary.archive.archiver.tracking;

import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.ImageResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Everything the archiver knows about one collection in progress: the harvest's settings, the listing, and the
 * final outcome of every distinct image seen so far. Redelivered results are deduplicated by image id; an OK beats
 * a FAILED for the same id. Not thread-safe: {@link Tracker} guards it.
 */
public final class CollectionState {

    private final String collection;
    private String harvestId;
    private String username;
    private Quality quality;
    private boolean webp;
    private boolean tar = true;
    private boolean started;
    private Listing listing;
    private HarvestEvent.Type ended;
    private final Map<String, ImageOutcome> images = new HashMap<>();
    private final Map<String, Long> accountedPerDate = new HashMap<>();
    private final Map<String, java.util.Set<String>> idsByDate = new HashMap<>();
    private long failed;
    private final java.util.Set<String> harvestIds = new java.util.LinkedHashSet<>();

    CollectionState(String collection) {
        this.collection = collection;
    }

    /** Applies a harvest event; returns true when it changed anything. */
    boolean apply(HarvestEvent e) {
        if (e.harvestId() != null) {
            harvestId = e.harvestId();
            harvestIds.add(e.harvestId());
        }
        switch (e.type()) {
            case STARTED -> {
                settings(e);
                started = true;
                ended = null;
            }
            case LISTED -> {
                settings(e);
                listing = new Listing(e.total(), e.perDate());
                ended = null;
            }
            case CANCELLED, FAILED -> ended = e.type();
        }
        return true;
    }

    private void settings(HarvestEvent e) {
        if (e.username() != null) {
            username = e.username();
        }
        if (e.quality() != null) {
            quality = e.quality();
        }
        webp = e.webp();
        tar = e.tar();
    }

    /** Applies an image result; returns true when it changed the image's outcome (not a duplicate). */
    boolean apply(ImageResult r) {
        if (r.imageId() == null || r.status() == ImageResult.Status.SKIPPED) {
            return false;
        }
        if (r.harvestId() != null) {
            harvestIds.add(r.harvestId());
        }
        ImageOutcome now = ImageOutcome.of(r);
        return put(now);
    }

    boolean put(ImageOutcome now) {
        ImageOutcome before = images.get(now.imageId());
        if (before != null && (before.ok() || !now.ok())) {
            return false;
        }
        images.put(now.imageId(), now);
        if (before == null) {
            accountedPerDate.merge(now.date(), 1L, Long::sum);
            idsByDate.computeIfAbsent(now.date(), d -> new java.util.HashSet<>()).add(now.imageId());
            if (!now.ok()) {
                failed++;
            }
        } else {
            failed--; // FAILED -> OK
        }
        return true;
    }

    /** Marks an OK image as failed because its file is gone (journalled by the caller). */
    void markMissing(String imageId) {
        ImageOutcome o = images.get(imageId);
        if (o != null && o.ok()) {
            images.put(imageId, o.missing());
            failed++;
        }
    }

    public String collection() {
        return collection;
    }

    public String harvestId() {
        return harvestId;
    }

    /** Every harvest id seen for this collection (events and results). */
    public java.util.Set<String> harvestIds() {
        return java.util.Set.copyOf(harvestIds);
    }

    public String username() {
        return username;
    }

    public Quality quality() {
        return quality;
    }

    public boolean webp() {
        return webp;
    }

    public boolean tar() {
        return tar;
    }

    public boolean started() {
        return started;
    }

    public Listing listing() {
        return listing;
    }

    /** CANCELLED or FAILED when the harvest ended without finishing its listing, else null. */
    public HarvestEvent.Type ended() {
        return ended;
    }

    public long accounted() {
        return images.size();
    }

    public long failedCount() {
        return failed;
    }

    public long okCount() {
        return images.size() - failed;
    }

    /** True when the listing is known and every listed image of {@code date} is OK or FAILED. */
    public boolean dateComplete(String date) {
        if (listing == null) {
            return false;
        }
        Long listed = listing.perDate().get(date);
        return listed != null && accountedPerDate.getOrDefault(date, 0L) >= listed;
    }

    /** Dates whose images are all accounted for, in name order. */
    public List<String> completeDates() {
        List<String> dates = new ArrayList<>();
        if (listing != null) {
            for (String d : new TreeSet<>(listing.perDate().keySet())) {
                if (dateComplete(d)) {
                    dates.add(d);
                }
            }
        }
        return dates;
    }

    /**
     * True when LISTED has arrived, the harvest was not cancelled or failed, and as many distinct images as were
     * listed are accounted for (OK or FAILED).
     */
    public boolean complete() {
        return listing != null && ended == null && images.size() >= listing.total();
    }

    /** A copy of the outcomes of one date. */
    public List<ImageOutcome> outcomes(String date) {
        List<ImageOutcome> out = new ArrayList<>();
        for (String id : idsByDate.getOrDefault(date, java.util.Set.of())) {
            out.add(images.get(id));
        }
        return out;
    }

    /** A copy of the outcomes, for finalisation outside the lock. */
    public List<ImageOutcome> outcomes() {
        return new ArrayList<>(images.values());
    }
}
