package mapillary.archive.testkit.mapillary;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@link FakeMapillary} was asked: per-endpoint counters (cheap, unbounded) and the last
 * {@value #CAPACITY} requests in detail, so tests can assert on paths, auth and token leaks.
 */
public final class RequestLog {

    static final int CAPACITY = 10_000;

    /** Which endpoint a request hit. */
    public enum Endpoint {
        /** {@code GET /images}. */
        IMAGES,
        /** {@code GET /{id}}. */
        ENTITY,
        /** {@code GET /?ids=}. */
        ENTITIES,
        /** {@code GET /image_ids}. */
        IMAGE_IDS,
        /** Any other API path. */
        OTHER_API,
        /** The image CDN. */
        CDN
    }

    /**
     * One request. {@code query} is the raw query string with any {@code access_token} value replaced by
     * {@code REDACTED}; {@code authorizationHeader} says whether an Authorization header was sent at all.
     */
    public record Entry(Endpoint endpoint, String method, String path, String query, boolean authorizationHeader,
                        boolean accessTokenParam, int status, Instant at) {

        /** Whether the request carried the token in any form. */
        public boolean carriedToken() {
            return authorizationHeader || accessTokenParam;
        }
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Map<Endpoint, LongAdder> counts = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, LongAdder> errors = new EnumMap<>(Endpoint.class);

    RequestLog() {
        for (Endpoint e : Endpoint.values()) {
            counts.put(e, new LongAdder());
            errors.put(e, new LongAdder());
        }
    }

    void add(Entry entry) {
        counts.get(entry.endpoint()).increment();
        if (entry.status() >= 400) {
            errors.get(entry.endpoint()).increment();
        }
        synchronized (entries) {
            if (entries.size() == CAPACITY) {
                entries.removeFirst();
            }
            entries.addLast(entry);
        }
    }

    /** The last requests (at most {@value #CAPACITY}), oldest first. */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** The last requests to one endpoint, oldest first. */
    public List<Entry> entries(Endpoint endpoint) {
        return entries().stream().filter(e -> e.endpoint() == endpoint).toList();
    }

    /** Requests to {@code endpoint} since the last clear. */
    public long count(Endpoint endpoint) {
        return counts.get(endpoint).sum();
    }

    /** Requests to {@code endpoint} answered with a status >= 400. */
    public long errors(Endpoint endpoint) {
        return errors.get(endpoint).sum();
    }

    /** All requests since the last clear. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public void clear() {
        synchronized (entries) {
            entries.clear();
            counts.values().forEach(LongAdder::reset);
            errors.values().forEach(LongAdder::reset);
        }
    }
}
