package mapillary.archive.harvester.job;

import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.HarvestProgress;
import mapillary.archive.harvester.storage.HarvestState;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One harvest's live state: request, status and counters, updated by its listing job and by the progress consumers. */
public final class Harvest {

    private final String id;
    private final String collection;
    private final String username;
    private final Quality quality;
    private final boolean webp;
    private final String bbox;
    private final boolean tar;
    private final Instant createdAt;

    private volatile HarvestStatus status;
    private volatile String reason;
    private volatile Instant updatedAt;
    private volatile Instant listedAt;
    private volatile Instant finishedAt;
    private volatile Thread worker;
    private volatile boolean cancelRequested;

    private final AtomicLong listed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong badRecords = new AtomicLong();
    private final AtomicLong fetched = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicBoolean dirty = new AtomicBoolean(true);

    private final Instant rateSince = Instant.now();
    private final long rateBase;

    public Harvest(String id, String collection, String username, Quality quality, boolean webp, String bbox,
                   boolean tar, HarvestStatus status, String reason, Instant createdAt) {
        this(id, collection, username, quality, webp, bbox, tar, status, reason, createdAt, 0);
    }

    private Harvest(String id, String collection, String username, Quality quality, boolean webp, String bbox,
                    boolean tar, HarvestStatus status, String reason, Instant createdAt, long rateBase) {
        this.id = id;
        this.collection = collection;
        this.username = username;
        this.quality = quality;
        this.webp = webp;
        this.bbox = bbox;
        this.tar = tar;
        this.status = status;
        this.reason = reason;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.rateBase = rateBase;
    }

    /** Rebuilds a harvest from its {@code harvest.json}. */
    public static Harvest restore(HarvestState s) {
        Harvest h = new Harvest(s.id(), s.collection(), s.username(), Quality.fromLabel(s.quality()), s.webp(),
                s.bbox(), s.tar(), HarvestStatus.valueOf(s.status()), s.reason(), s.createdAt(),
                s.fetched() + s.failed());
        h.listed.set(s.listed());
        h.skipped.set(s.skipped());
        h.rejected.set(s.rejected());
        h.badRecords.set(s.badRecords());
        h.fetched.set(s.fetched());
        h.failed.set(s.failed());
        h.bytes.set(s.bytes());
        h.updatedAt = s.updatedAt();
        h.listedAt = s.listedAt();
        h.finishedAt = s.finishedAt();
        h.dirty.set(false);
        return h;
    }

    public HarvestState snapshot() {
        return new HarvestState(HarvestState.VERSION, id, collection, username, quality.label(), webp, bbox, tar,
                status.name(), reason, listed.get(), skipped.get(), rejected.get(), fetched.get(), failed.get(),
                bytes.get(), createdAt, updatedAt, listedAt, finishedAt, badRecords.get());
    }

    /** Moves to {@code next} unless the harvest is already final; returns whether it changed. */
    public synchronized boolean transition(HarvestStatus next, String why) {
        if (status.isFinal() || status == next) {
            return false;
        }
        status = next;
        if (why != null) {
            reason = why;
        }
        if (next.isFinal()) {
            finishedAt = Instant.now();
        }
        touch();
        return true;
    }

    /** Listing progress from the listing job: tasks published, records skipped (no URL) and rejected (unsafe). */
    public void listingCounts(long published, long noUrl, long unsafe) {
        listingCounts(published, noUrl, unsafe, unsafe);
    }

    /** As above, plus the records with unsafe ids/sequences or unusable fields (rejected or repaired). */
    public void listingCounts(long published, long noUrl, long unsafe, long bad) {
        listed.set(published);
        skipped.set(noUrl);
        rejected.set(unsafe);
        badRecords.set(bad);
        touch();
    }

    /** The listing finished and LISTED was published. */
    public synchronized void listingDone() {
        listedAt = Instant.now();
        if (listed.get() == 0) {
            transition(HarvestStatus.DONE, "no images to archive: the listing found " + skipped.get()
                    + " records without a " + quality.label() + " URL and " + rejected.get() + " rejected");
        } else {
            transition(HarvestStatus.FETCHING, null);
            checkAllResultsIn();
        }
    }

    /** Whether progress snapshots still change this harvest's counts (before the archiver finalised it). */
    public boolean counting() {
        HarvestStatus s = status;
        return s == HarvestStatus.LISTING || s == HarvestStatus.FETCHING || s == HarvestStatus.ARCHIVING;
    }

    /**
     * Takes the archiver's progress snapshot of this harvest: absolute counts, so a redelivered or replayed snapshot
     * changes nothing and the newest one is the whole truth. Snapshots of another harvest are ignored, and after the
     * archiver finalised this one only their bytes count; returns whether it applied.
     */
    public synchronized boolean progress(HarvestProgress p) {
        if (!id.equals(p.harvestId()) || !collection.equals(p.collection())) {
            return false;
        }
        if (!counting()) {
            // FINALISED's counts stand; a snapshot that arrives after it still brings the bytes downloaded
            bytes.set(Math.max(bytes.get(), p.bytes()));
            touch();
            return true;
        }
        fetched.set(Math.max(0, p.fetched()));
        failed.set(Math.max(0, p.failed()));
        dropped.set(Math.max(0, p.skipped()));
        bytes.set(Math.max(0, p.bytes()));
        touch();
        checkAllResultsIn();
        return true;
    }

    private synchronized void checkAllResultsIn() {
        if (status == HarvestStatus.FETCHING && fetched.get() + failed.get() + dropped.get() >= listed.get()) {
            transition(HarvestStatus.ARCHIVING, null);
        }
    }

    /**
     * Applies an archiver step. FINALISED moves to UPLOADING when the archiver says an upload follows, else to DONE;
     * UPLOADED is DONE. UPLOAD_FAILED that the archiver retries keeps UPLOADING with the reason; a final one fails
     * the harvest.
     */
    public synchronized void collectionEvent(CollectionEvent e) {
        switch (e.type()) {
            case DATE_TARRED -> touch();
            case FINALISED -> {
                fetched.set(e.images());
                failed.set(e.failed());
                String why = e.failed() > 0 ? e.failed() + " images failed for good" : null;
                transition(e.continues() ? HarvestStatus.UPLOADING : HarvestStatus.DONE, why);
            }
            case UPLOADED -> {
                if (!transition(HarvestStatus.DONE, null)) {
                    touch();
                }
            }
            case UPLOAD_FAILED -> uploadFailed(e);
        }
    }

    private void uploadFailed(CollectionEvent e) {
        String why = "upload to archive.org failed: " + e.reason();
        if (!e.continues()) {
            transition(HarvestStatus.FAILED, why);
        } else if (status == HarvestStatus.UPLOADING || transition(HarvestStatus.UPLOADING, null)) {
            reason = why;
            touch();
        }
    }

    public void requestCancel() {
        cancelRequested = true;
        Thread w = worker;
        if (w != null) {
            w.interrupt();
        }
    }

    /** Stops the listing thread without cancelling (shutdown). */
    public void interruptWorker() {
        Thread w = worker;
        if (w != null) {
            w.interrupt();
        }
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    void worker(Thread t) {
        worker = t;
    }

    private void touch() {
        updatedAt = Instant.now();
        dirty.set(true);
    }

    /** True once after each change: the saver writes harvest.json only then. */
    public boolean takeDirty() {
        return dirty.getAndSet(false);
    }

    /** Images finished (fetched or failed) per second since this harvester took the harvest on. */
    public double rate() {
        double secs = Duration.between(rateSince, Instant.now()).toMillis() / 1000.0;
        long done = fetched.get() + failed.get() - rateBase;
        return secs <= 0 || done <= 0 ? 0 : done / secs;
    }

    /** Seconds until every listed image is in, or null when unknown. */
    public Long etaSeconds() {
        if (status != HarvestStatus.FETCHING && status != HarvestStatus.LISTING) {
            return status.isFinal() || status == HarvestStatus.ARCHIVING || status == HarvestStatus.UPLOADING
                    ? 0L : null;
        }
        double rate = rate();
        long remaining = listed.get() - fetched.get() - failed.get() - dropped.get();
        if (rate <= 0 || remaining < 0) {
            return null;
        }
        return (long) Math.ceil(remaining / rate);
    }

    public String id() { return id; }
    public String collection() { return collection; }
    public String username() { return username; }
    public Quality quality() { return quality; }
    public boolean webp() { return webp; }
    public String bbox() { return bbox; }
    public boolean tar() { return tar; }
    public HarvestStatus status() { return status; }
    public String reason() { return reason; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public Instant listedAt() { return listedAt; }
    public Instant finishedAt() { return finishedAt; }
    public long listed() { return listed.get(); }
    public long skipped() { return skipped.get(); }
    public long rejected() { return rejected.get(); }
    public long badRecords() { return badRecords.get(); }
    public long fetched() { return fetched.get(); }
    public long failed() { return failed.get(); }
    public long bytes() { return bytes.get(); }
}
