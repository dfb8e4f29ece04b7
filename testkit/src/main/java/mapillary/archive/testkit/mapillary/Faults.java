package mapillary.archive.testkit.mapillary;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection for {@link FakeMapillary}, all off by default; thread-safe and changeable while the fake runs.
 * Rates are seeded and decided per request number, so a run with the same request order sees the same faults.
 */
public final class Faults {

    /** How a truncated CDN body looks. */
    public enum TruncateMode {
        /** Content-Length announces the full size, then the connection closes after about half the bytes. */
        CLOSE_EARLY,
        /** A complete HTTP response whose Content-Length and body stop before the JPEG's EOI marker. */
        SHORT_BODY
    }

    private volatile long seed = 1;
    private volatile Duration apiLatency = Duration.ZERO;
    private volatile Duration cdnLatency = Duration.ZERO;
    private final AtomicInteger failNextApi = new AtomicInteger();
    private volatile int failNextApiStatus = 500;
    private final AtomicInteger failNextCdn = new AtomicInteger();
    private volatile int failNextCdnStatus = 503;
    private volatile double apiErrorRate;
    private volatile int apiErrorStatus = 500;
    private volatile double cdnErrorRate;
    private volatile int cdnErrorStatus = 503;
    private volatile int rateLimitPerMinute;
    private volatile int rateLimitEveryNth;
    private volatile int retryAfterSeconds = 1;
    private volatile double truncateRate;
    private volatile TruncateMode truncateMode = TruncateMode.CLOSE_EARLY;
    private final AtomicInteger truncateNext = new AtomicInteger();
    private final AtomicInteger htmlPageNext = new AtomicInteger();
    private volatile Duration cdnBodyDuration = Duration.ZERO;
    private volatile boolean cdnChunked;
    private final Set<String> notFoundIds = ConcurrentHashMap.newKeySet();
    private final Set<String> goneIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong urlGeneration = new AtomicLong();
    private volatile long minValidGeneration;
    private volatile Duration urlTtl;
    private volatile int hostileEvery;
    private volatile int denseAboveLimit = Integer.MAX_VALUE;
    private final Map<String, Map<Integer, String>> rawRecords = new ConcurrentHashMap<>();

    private final AtomicLong apiCounter = new AtomicLong();
    private final AtomicLong cdnCounter = new AtomicLong();
    private final AtomicLong nthCounter = new AtomicLong();
    private final Object bucketLock = new Object();
    private double bucketTokens = -1;
    private long bucketRefilledNanos;

    Faults() {
    }

    /** Seed for the rate-based faults. */
    public Faults seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Delay before every API response. */
    public Faults apiLatency(Duration latency) {
        this.apiLatency = Objects.requireNonNull(latency);
        return this;
    }

    /** Delay before every CDN response. */
    public Faults cdnLatency(Duration latency) {
        this.cdnLatency = Objects.requireNonNull(latency);
        return this;
    }

    /** The next {@code n} API requests fail with {@code status} (500 Graph error body, 502/503 an HTML page). */
    public Faults failNextApiRequests(int n, int status) {
        this.failNextApiStatus = status;
        this.failNextApi.set(n);
        return this;
    }

    /** The next {@code n} CDN requests fail with {@code status}. */
    public Faults failNextCdnRequests(int n, int status) {
        this.failNextCdnStatus = status;
        this.failNextCdn.set(n);
        return this;
    }

    /** A seeded fraction of API requests fails with {@code status}. */
    public Faults apiErrorRate(double rate, int status) {
        this.apiErrorStatus = status;
        this.apiErrorRate = rate;
        return this;
    }

    /** A seeded fraction of CDN requests fails with 503. */
    public Faults cdnErrorRate(double rate) {
        return cdnErrorRate(rate, 503);
    }

    /** A seeded fraction of CDN requests fails with {@code status}. */
    public Faults cdnErrorRate(double rate, int status) {
        this.cdnErrorStatus = status;
        this.cdnErrorRate = rate;
        return this;
    }

    /**
     * A token bucket of {@code perMinute} API requests (burst = perMinute / 60, at least 1); an empty bucket answers
     * 429 with the code-4 body and a {@code Retry-After} of the seconds until the next token. 0 turns it off.
     */
    public Faults rateLimitPerMinute(int perMinute) {
        synchronized (bucketLock) {
            this.rateLimitPerMinute = perMinute;
            this.bucketTokens = -1;
        }
        return this;
    }

    /** Every {@code n}-th API request answers 429 with {@code Retry-After: retryAfterSeconds}; 0 turns it off. */
    public Faults rateLimitEveryNth(int n, int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
        this.nthCounter.set(0);
        this.rateLimitEveryNth = n;
        return this;
    }

    /** A seeded fraction of CDN 200 responses is truncated in {@code mode}. */
    public Faults truncateRate(double rate, TruncateMode mode) {
        this.truncateMode = Objects.requireNonNull(mode);
        this.truncateRate = rate;
        return this;
    }

    /** The next {@code n} CDN 200 responses are truncated in {@code mode}. */
    public Faults truncateNextCdn(int n, TruncateMode mode) {
        this.truncateMode = Objects.requireNonNull(mode);
        this.truncateNext.set(n);
        return this;
    }

    /** The next {@code n} CDN image requests answer 200 with an HTML error page ({@code text/html}) instead of the JPEG. */
    public Faults htmlPageNextCdn(int n) {
        this.htmlPageNext.set(n);
        return this;
    }

    /** CDN image bodies trickle out in small pieces over {@code duration} (after the headers); zero turns it off. */
    public Faults cdnSlowBody(Duration duration) {
        this.cdnBodyDuration = Objects.requireNonNull(duration);
        return this;
    }

    /** CDN image bodies are sent chunked, without Content-Length. */
    public Faults cdnChunked(boolean on) {
        this.cdnChunked = on;
        return this;
    }

    /** The CDN answers 404 for these image ids (as if the image was deleted). */
    public Faults notFound(String... ids) {
        notFoundIds.addAll(Set.of(ids));
        return this;
    }

    /** The CDN answers 410 for these image ids. */
    public Faults gone(String... ids) {
        goneIds.addAll(Set.of(ids));
        return this;
    }

    /** Every URL handed out so far is expired from now on (403 {@code URL signature expired}); new ones work. */
    public Faults expireAllUrlsNow() {
        minValidGeneration = urlGeneration.incrementAndGet();
        return this;
    }

    /** Lifetime of thumbnail URLs handed out from now on (overrides the option; may be negative). */
    public Faults urlTtl(Duration ttl) {
        this.urlTtl = ttl;
        return this;
    }

    /** Every {@code n}-th record of a listing is served with id {@code ../<id>} and sequence {@code x/<seq>}. */
    public Faults hostileRecords(int everyNth) {
        this.hostileEvery = everyNth;
        return this;
    }

    /**
     * The listing of {@code username} ({@code /images?creator_username=}) serves {@code json} verbatim in place of
     * the user's synthetic record number {@code index}, for hostile or odd records: any text, even invalid JSON;
     * characters above {@code ~} are sent as {@code \\uXXXX}, as the API does.
     */
    public Faults rawRecord(String username, int index, String json) {
        rawRecords.computeIfAbsent(Objects.requireNonNull(username, "username"), u -> new ConcurrentHashMap<>())
                .put(index, Objects.requireNonNull(json, "json"));
        return this;
    }

    /** Serves every user's synthetic records again (undoes {@link #rawRecord}). */
    public Faults clearRawRecords() {
        rawRecords.clear();
        return this;
    }

    /** {@code /images} always answers the "dense area" 500 (code 1), however small the box or limit. */
    public Faults dense(boolean on) {
        this.denseAboveLimit = on ? 0 : Integer.MAX_VALUE;
        return this;
    }

    /** {@code /images} answers the "dense area" 500 when the effective limit is above {@code maxLimit}. */
    public Faults denseAboveLimit(int maxLimit) {
        this.denseAboveLimit = maxLimit;
        return this;
    }

    /** Turns every fault off (URLs already expired stay expired). */
    public synchronized void reset() {
        apiLatency = Duration.ZERO;
        cdnLatency = Duration.ZERO;
        failNextApi.set(0);
        failNextCdn.set(0);
        apiErrorRate = 0;
        cdnErrorRate = 0;
        rateLimitPerMinute(0);
        rateLimitEveryNth = 0;
        truncateRate = 0;
        truncateNext.set(0);
        htmlPageNext.set(0);
        cdnBodyDuration = Duration.ZERO;
        cdnChunked = false;
        notFoundIds.clear();
        goneIds.clear();
        urlTtl = null;
        hostileEvery = 0;
        denseAboveLimit = Integer.MAX_VALUE;
        rawRecords.clear();
        apiCounter.set(0);
        cdnCounter.set(0);
        nthCounter.set(0);
    }

    // ---- decisions used by the servers ----

    Duration apiLatency() {
        return apiLatency;
    }

    Duration cdnLatency() {
        return cdnLatency;
    }

    /** The status this API request must fail with, or 0. */
    int apiFailure() {
        if (takeOne(failNextApi)) {
            return failNextApiStatus;
        }
        long n = apiCounter.incrementAndGet();
        return decide(apiErrorRate, n, 0x41) ? apiErrorStatus : 0;
    }

    /** The status this CDN request must fail with, or 0. */
    int cdnFailure() {
        if (takeOne(failNextCdn)) {
            return failNextCdnStatus;
        }
        long n = cdnCounter.incrementAndGet();
        return decide(cdnErrorRate, n, 0x43) ? cdnErrorStatus : 0;
    }

    /** Seconds for Retry-After when this API request is rate limited, or -1 when it may pass. */
    long rateLimited() {
        int nth = rateLimitEveryNth;
        if (nth > 0 && nthCounter.incrementAndGet() % nth == 0) {
            return Math.max(0, retryAfterSeconds);
        }
        synchronized (bucketLock) {
            int perMinute = rateLimitPerMinute;
            if (perMinute <= 0) {
                return -1;
            }
            double capacity = Math.max(1, perMinute / 60.0);
            double perNano = perMinute / 60e9;
            long now = System.nanoTime();
            if (bucketTokens < 0) {
                bucketTokens = capacity;
                bucketRefilledNanos = now;
            }
            bucketTokens = Math.min(capacity, bucketTokens + (now - bucketRefilledNanos) * perNano);
            bucketRefilledNanos = now;
            if (bucketTokens >= 1) {
                bucketTokens -= 1;
                return -1;
            }
            return Math.max(1, (long) Math.ceil((1 - bucketTokens) / perNano / 1e9));
        }
    }

    /** The truncation to apply to this CDN 200 response, or null. */
    TruncateMode truncation(long requestNumber) {
        if (takeOne(truncateNext) || decide(truncateRate, requestNumber, 0x54)) {
            return truncateMode;
        }
        return null;
    }

    /** True when this CDN 200 must be an HTML page instead. */
    boolean htmlPage() {
        return takeOne(htmlPageNext);
    }

    Duration cdnBodyDuration() {
        return cdnBodyDuration;
    }

    boolean cdnChunked() {
        return cdnChunked;
    }

    long cdnRequestNumber() {
        return cdnCounter.get();
    }

    /** 404/410 for a deleted image, or 0. */
    int imageStatus(String id) {
        if (notFoundIds.contains(id)) {
            return 404;
        }
        return goneIds.contains(id) ? 410 : 0;
    }

    long urlGeneration() {
        return urlGeneration.get();
    }

    boolean generationExpired(long generation) {
        return generation < minValidGeneration;
    }

    Duration effectiveUrlTtl(Duration fallback) {
        Duration ttl = urlTtl;
        return ttl == null ? fallback : ttl;
    }

    /** The raw JSON that replaces record {@code index} of {@code username}'s listing, or null. */
    String rawRecord(String username, int index) {
        Map<Integer, String> m = rawRecords.get(username);
        return m == null ? null : m.get(index);
    }

    int hostileEvery() {
        return hostileEvery;
    }

    boolean dense(int limit) {
        return limit > denseAboveLimit;
    }

    private static boolean takeOne(AtomicInteger counter) {
        return counter.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
    }

    private boolean decide(double rate, long n, long salt) {
        if (rate <= 0) {
            return false;
        }
        long h = SyntheticUser.mix(seed ^ SyntheticUser.mix(n * 0x9E3779B97F4A7C15L + salt));
        return (h >>> 11) * 0x1.0p-53 < rate;
    }
}
