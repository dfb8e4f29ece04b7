package mapillary.archive.testkit.ia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import mapillary.archive.common.collection.Quality;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake Internet Archive for tests and local runs (spec external-apis B.8): an archive.org host with the metadata
 * read/write API and the scrape search API, and an IA-S3 host taking {@code LOW}-authenticated PUTs, both on
 * 127.0.0.1 with virtual threads, plus seeding, inspection and {@link #faults() fault injection}.
 *
 * <pre>{@code
 * try (var ia = FakeInternetArchive.start()) {
 *     ia.putItem("mapillary-alice-original", Map.of("mapillary_downloader", "0.1.0"), false);
 *     // point the client at ia.url() / ia.s3Url() with ia.accessKey() / ia.secretKey()
 * }
 * }</pre>
 */
public final class FakeInternetArchive implements AutoCloseable {

    /** The access key {@link Options#defaults()} accepts. */
    public static final String DEFAULT_ACCESS_KEY = "test-access-key";
    /** The secret key {@link Options#defaults()} accepts. */
    public static final String DEFAULT_SECRET_KEY = "test-secret-key";

    private static final int REQUEST_LOG_CAP = 10_000;

    static {
        // small JSON answers must not wait for Nagle; read once when the JDK server first starts
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * How to start the fake.
     *
     * @param port         archive.org port (0 = any free port)
     * @param s3Port       IA-S3 port (0 = any free port)
     * @param credentials  accepted access key -> secret key pairs
     * @param storeContent keep uploaded bytes (true) or only size and MD5 (false, for big runs)
     * @param uploader     the {@code uploader} metadata value of items created through S3
     */
    public record Options(int port, int s3Port, Map<String, String> credentials, boolean storeContent,
                          String uploader) {

        public Options {
            credentials = Map.copyOf(credentials);
            Objects.requireNonNull(uploader, "uploader");
        }

        /** Free ports, the default key pair, bytes kept. */
        public static Options defaults() {
            return new Options(0, 0, Map.of(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY), true, "uploader@example.org");
        }

        public Options withPort(int p) {
            return new Options(p, s3Port, credentials, storeContent, uploader);
        }

        public Options withS3Port(int p) {
            return new Options(port, p, credentials, storeContent, uploader);
        }

        /** Accept only this key pair. */
        public Options withCredentials(String accessKey, String secretKey) {
            return new Options(port, s3Port, Map.of(accessKey, secretKey), storeContent, uploader);
        }

        public Options withStoreContent(boolean store) {
            return new Options(port, s3Port, credentials, store, uploader);
        }

        public Options withUploader(String u) {
            return new Options(port, s3Port, credentials, storeContent, u);
        }
    }

    private final Options options;
    private final ConcurrentSkipListMap<String, StoredItem> store = new ConcurrentSkipListMap<>();
    private final ConcurrentLinkedDeque<IaUpload> uploads = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<String> requests = new ConcurrentLinkedDeque<>();
    private final AtomicInteger requestLogSize = new AtomicInteger();
    private final AtomicLong anonymous = new AtomicLong();
    private final AtomicLong tasks = new AtomicLong(1000);
    private final IaFaults faults = new IaFaults();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer web;
    private final HttpServer s3;

    private FakeInternetArchive(Options options) throws IOException {
        this.options = options;
        InetAddress lo = InetAddress.getLoopbackAddress();
        web = HttpServer.create(new InetSocketAddress(lo, options.port()), 1024);
        s3 = HttpServer.create(new InetSocketAddress(lo, options.s3Port()), 1024);
        web.setExecutor(executor);
        s3.setExecutor(executor);
        web.createContext("/metadata/", wrap("ia", new MetadataHandler(this)));
        web.createContext("/services/search/v1/scrape", wrap("ia", new ScrapeHandler(this)));
        web.createContext("/download/", wrap("ia", this::download));
        web.createContext("/", wrap("ia", ex -> Http.json(ex, 404, Map.of("error", "not found"))));
        s3.createContext("/", wrap("s3", new S3Handler(this)));
        web.start();
        s3.start();
    }

    /** Starts with {@link Options#defaults()}. */
    public static FakeInternetArchive start() {
        return start(Options.defaults());
    }

    public static FakeInternetArchive start(Options options) {
        try {
            return new FakeInternetArchive(options);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fake Internet Archive", e);
        }
    }

    /** The archive.org base URL (metadata, scrape, download), e.g. {@code http://127.0.0.1:40123}; no trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + web.getAddress().getPort();
    }

    /** The IA-S3 base URL, e.g. {@code http://127.0.0.1:40124}; no trailing slash. */
    public String s3Url() {
        return "http://127.0.0.1:" + s3.getAddress().getPort();
    }

    /** An access key the fake accepts. */
    public String accessKey() {
        return options.credentials().keySet().iterator().next();
    }

    /** The secret key belonging to {@link #accessKey()}. */
    public String secretKey() {
        return options.credentials().get(accessKey());
    }

    public Options options() {
        return options;
    }

    public IaFaults faults() {
        return faults;
    }

    // ---------------------------------------------------------------- seeding

    /**
     * Creates or replaces an item. {@code metadata} values may be strings, numbers or lists; an {@code item_size}
     * entry is the item's size (kept as given, so a string stays a string in scrape results), not metadata.
     */
    public void putItem(String identifier, Map<String, ?> metadata, boolean dark) {
        Objects.requireNonNull(identifier, "identifier");
        putDocument(identifier, metadata, dark);
    }

    public void putItem(String identifier, Map<String, ?> metadata) {
        putItem(identifier, metadata, false);
    }

    /**
     * Seeds items from scrape-shaped documents ({@code identifier}, {@code item_size}, metadata fields; an optional
     * {@code is_dark: true}). A document without identifier is kept as a malformed item only scrape returns.
     * Returns how many were added.
     */
    public int seedItems(Collection<? extends Map<String, ?>> documents) {
        int n = 0;
        for (Map<String, ?> doc : documents) {
            Object id = doc.get("identifier");
            Map<String, Object> md = new LinkedHashMap<>(doc);
            boolean dark = Boolean.TRUE.equals(md.remove("is_dark"));
            putDocument(id == null ? null : id.toString(), md, dark);
            n++;
        }
        return n;
    }

    /**
     * Seeds {@code count} synthetic collections as our archiver would leave them ({@code mapillary-seed000001-1024...},
     * structured {@code image_count}, {@code mapillary_user}, {@code quality}, the description phrase, a size), quickly
     * enough for 100,000. Returns their identifiers in order.
     */
    public List<String> seedItems(int count) {
        Quality[] qs = Quality.values();
        List<String> ids = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String digits = Integer.toString(i);
            String user = "seed" + "000000".substring(Math.min(6, digits.length())) + digits;
            Quality q = qs[i % qs.length];
            boolean webp = i % 3 == 0;
            String id = "mapillary-" + user + "-" + q.label() + (webp ? "-webp" : "");
            long images = 1 + (i * 7919L) % 20_000;
            Map<String, Object> md = new LinkedHashMap<>();
            md.put("title", "Mapillary images by " + user);
            md.put("mediatype", "data");
            md.put("collection", List.of("mapillary-images"));
            md.put("description", "Street-level imagery from Mapillary user '" + user + "'. Contains "
                    + thousands(images) + " images in "
                    + (q == Quality.ORIGINAL ? "original resolution" : q.label() + "px resolution")
                    + " captured between 2024-01-01 and 2024-12-31.");
            md.put("mapillary_downloader", "0.1.0");
            md.put("mapillary_user", user);
            md.put("quality", q.label());
            md.put("webp", Boolean.toString(webp));
            md.put("image_count", Long.toString(images));
            md.put("item_size", images * 180_000L);
            putDocument(id, md, false);
            ids.add(id);
        }
        return ids;
    }

    private static String thousands(long n) {
        String d = Long.toString(n);
        StringBuilder b = new StringBuilder(d.length() + d.length() / 3);
        for (int i = 0; i < d.length(); i++) {
            if (i > 0 && (d.length() - i) % 3 == 0) {
                b.append(',');
            }
            b.append(d.charAt(i));
        }
        return b.toString();
    }

    /** Adds (or replaces) a file of an item, creating the item if needed; e.g. to test skip-by-MD5. */
    public IaFile putFile(String identifier, String name, byte[] content) {
        StoredItem item = store.computeIfAbsent(identifier, k -> newItem(k, Map.of(), false));
        IaFile f = new IaFile(name, content.length, md5Hex(content), Instant.now(),
                options.storeContent() ? content.clone() : null);
        synchronized (item) {
            item.files.put(name, f);
            item.lastUpdated = Instant.now().getEpochSecond();
        }
        return f;
    }

    /** Marks an existing item dark or not. */
    public void setDark(String identifier, boolean dark) {
        StoredItem item = store.get(identifier);
        if (item == null) {
            throw new IllegalArgumentException("no such item: " + identifier);
        }
        synchronized (item) {
            item.dark = dark;
        }
    }

    // ---------------------------------------------------------------- inspection

    public Optional<IaItem> item(String identifier) {
        StoredItem i = identifier == null ? null : store.get(identifier);
        return i == null || i.identifier == null ? Optional.empty() : Optional.of(i.snapshot());
    }

    /** Every item with an identifier, sorted by identifier. */
    public List<IaItem> items() {
        List<IaItem> out = new ArrayList<>(store.size());
        for (StoredItem i : store.values()) {
            if (i.identifier != null) {
                out.add(i.snapshot());
            }
        }
        return out;
    }

    /** Every PUT the S3 host received, oldest first. */
    public List<IaUpload> uploads() {
        return new ArrayList<>(uploads);
    }

    /** The most recent requests (up to 10,000) as {@code "ia GET /path?query"} / {@code "s3 PUT /id/file"}. */
    public List<String> requests() {
        return new ArrayList<>(requests);
    }

    /** Forgets all items, uploads and requests, and clears the faults. */
    public void reset() {
        store.clear();
        uploads.clear();
        requests.clear();
        requestLogSize.set(0);
        faults.clear();
    }

    @Override
    public void close() {
        web.stop(0);
        s3.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- used by the handlers

    StoredItem get(String identifier) {
        return store.get(identifier);
    }

    ConcurrentNavigableMap<String, StoredItem> store() {
        return store;
    }

    StoredItem createIfAbsent(String identifier, Map<String, ?> metadata) {
        return store.computeIfAbsent(identifier, k -> newItem(k, metadata, false));
    }

    void recordUpload(IaUpload upload) {
        uploads.add(upload);
    }

    long nextTaskId() {
        return tasks.incrementAndGet();
    }

    static String md5Hex(byte[] content) {
        return HexFormat.of().formatHex(md5().digest(content));
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void putDocument(String identifier, Map<String, ?> metadata, boolean dark) {
        String key = identifier != null ? identifier : "\u0000anonymous-" + (1_000_000_000L + anonymous.incrementAndGet());
        store.put(key, newItemWithKey(key, identifier, metadata, dark));
    }

    private StoredItem newItem(String identifier, Map<String, ?> metadata, boolean dark) {
        return newItemWithKey(identifier, identifier, metadata, dark);
    }

    private StoredItem newItemWithKey(String key, String identifier, Map<String, ?> metadata, boolean dark) {
        Map<String, Object> md = new LinkedHashMap<>();
        if (identifier != null) {
            md.put("identifier", identifier);
        }
        Object size = null;
        for (Map.Entry<String, ?> e : metadata.entrySet()) {
            if (e.getKey().equals("item_size")) {
                size = e.getValue();
            } else if (!e.getKey().equals("identifier")) {
                md.put(e.getKey(), e.getValue());
            }
        }
        ObjectNode node = (ObjectNode) Http.toNode(md);
        JsonNode sizeNode = size == null ? null : Http.toNode(size);
        return new StoredItem(key, identifier, node, sizeNode, dark);
    }

    private void download(HttpExchange ex) throws IOException {
        List<String> seg = Http.segments(ex.getRequestURI().getRawPath());
        if (seg.size() < 3) {
            Http.send(ex, 404, "text/plain", "not found".getBytes());
            return;
        }
        StoredItem item = store.get(seg.get(1));
        IaFile f = null;
        if (item != null) {
            synchronized (item) {
                f = item.dark ? null : item.files.get(String.join("/", seg.subList(2, seg.size())));
            }
        }
        if (f == null || f.content() == null) {
            Http.send(ex, 404, "text/plain", "not found".getBytes());
            return;
        }
        Http.send(ex, 200, "application/octet-stream", f.content());
    }

    private HttpHandler wrap(String host, HttpHandler h) {
        return ex -> {
            try {
                logRequest(host, ex);
                faults.delay();
                h.handle(ex);
            } catch (Exception e) {
                try {
                    Http.json(ex, 500, Map.of("error", "fake IA internal error: " + e));
                } catch (IOException | RuntimeException ignored) {
                    // response already started; the client sees a broken response
                }
            } finally {
                ex.close();
            }
        };
    }

    private void logRequest(String host, HttpExchange ex) {
        String q = ex.getRequestURI().getRawQuery();
        requests.add(host + " " + ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath()
                + (q == null ? "" : "?" + q.replaceAll("(?i)(secret=)[^&]*", "$1***")));
        if (requestLogSize.incrementAndGet() > REQUEST_LOG_CAP) {
            requests.pollFirst();
            requestLogSize.decrementAndGet();
        }
    }
}
