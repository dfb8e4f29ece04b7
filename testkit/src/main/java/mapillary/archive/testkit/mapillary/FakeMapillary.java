package mapillary.archive.testkit.mapillary;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fake Mapillary Graph API v4 ({@code /images}, {@code /{id}}, {@code /?ids=}, {@code /image_ids}) and its
 * image CDN (signed, expiring thumbnail URLs serving real JPEG bytes) on two local ports, with synthetic users,
 * a request log and fault injection, so harvests run with no network.
 *
 * <pre>{@code
 * try (FakeMapillary fake = FakeMapillary.start()) {
 *     fake.addUser(SyntheticUser.generate("alice", 5000, 42));
 *     // point MAPILLARY_API_URL at fake.apiUrl(), MAPILLARY_TOKEN at fake.token()
 *     fake.faults().rateLimitEveryNth(3, 1);
 * }
 * }</pre>
 */
public final class FakeMapillary implements AutoCloseable {

    static {
        // small keep-alive responses must not wait for delayed ACKs; benchmarks keep hundreds of connections
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "2048");
        }
    }

    /** The token a client must send unless {@link Options#withToken(String)} says otherwise. */
    public static final String DEFAULT_TOKEN = "MLY|4242424242424242|0123456789abcdef0123456789abcdef";

    /** The field list the original requests (spec §3.2) with {@code thumb_original_url}. */
    public static final String ORIGINAL_FIELDS = "id,captured_at,compass_angle,computed_compass_angle,geometry,"
            + "computed_geometry,altitude,computed_altitude,is_pano,sequence,camera_type,camera_parameters,make,model,"
            + "exif_orientation,computed_rotation,height,width,thumb_original_url";

    /**
     * Settings of the fake.
     *
     * @param host          address to bind, 127.0.0.1 by default
     * @param apiPort       API port, 0 = a free one
     * @param cdnPort       CDN port, 0 = a free one
     * @param token         the one valid access token
     * @param urlTtl        lifetime of thumbnail URLs (negative: already expired)
     * @param seed          seed for URL signing keys, image bytes and fault decisions
     * @param escapeSlashes write {@code /} as {@code \/} in JSON strings, as Meta's Graph API does
     */
    public record Options(String host, int apiPort, int cdnPort, String token, Duration urlTtl, long seed,
                          boolean escapeSlashes) {

        public Options {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(urlTtl, "urlTtl");
        }

        public static Options defaults() {
            return new Options("127.0.0.1", 0, 0, DEFAULT_TOKEN, Duration.ofHours(1), 1, true);
        }

        public Options withHost(String value) {
            return new Options(value, apiPort, cdnPort, token, urlTtl, seed, escapeSlashes);
        }

        public Options withApiPort(int value) {
            return new Options(host, value, cdnPort, token, urlTtl, seed, escapeSlashes);
        }

        public Options withCdnPort(int value) {
            return new Options(host, apiPort, value, token, urlTtl, seed, escapeSlashes);
        }

        public Options withToken(String value) {
            return new Options(host, apiPort, cdnPort, value, urlTtl, seed, escapeSlashes);
        }

        public Options withUrlTtl(Duration value) {
            return new Options(host, apiPort, cdnPort, token, value, seed, escapeSlashes);
        }

        public Options withSeed(long value) {
            return new Options(host, apiPort, cdnPort, token, urlTtl, value, escapeSlashes);
        }

        public Options withEscapeSlashes(boolean value) {
            return new Options(host, apiPort, cdnPort, token, urlTtl, seed, value);
        }
    }

    private final Options options;
    private final Faults faults = new Faults();
    private final RequestLog requests = new RequestLog();
    private final Map<String, SyntheticUser> usersByName = new ConcurrentHashMap<>();
    private final Map<Long, SyntheticUser> usersByPrefix = new ConcurrentHashMap<>();
    private final UrlSigner signer;
    private final JpegPool jpegs;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer api;
    private final HttpServer cdn;
    private final String apiUrl;
    private final String cdnUrl;

    private FakeMapillary(Options options) throws IOException {
        this.options = options;
        this.faults.seed(options.seed());
        byte[] secret = new byte[32];
        long s = options.seed();
        for (int i = 0; i < secret.length; i++) {
            s = SyntheticUser.mix(s + i);
            secret[i] = (byte) s;
        }
        this.signer = new UrlSigner(secret);
        this.jpegs = new JpegPool(options.seed());
        HttpServer apiServer = HttpServer.create(new InetSocketAddress(options.host(), options.apiPort()), 1024);
        HttpServer cdnServer;
        try {
            cdnServer = HttpServer.create(new InetSocketAddress(options.host(), options.cdnPort()), 1024);
        } catch (IOException e) {
            apiServer.stop(0);
            throw e;
        }
        this.api = apiServer;
        this.cdn = cdnServer;
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        this.apiUrl = "http://" + host + ":" + api.getAddress().getPort();
        this.cdnUrl = "http://" + host + ":" + cdn.getAddress().getPort();
        api.createContext("/", new ApiHandler(this));
        cdn.createContext("/", new CdnHandler(this));
        api.setExecutor(executor);
        cdn.setExecutor(executor);
        api.start();
        cdn.start();
    }

    /** Starts the fake on free ports with default options. */
    public static FakeMapillary start() {
        return start(Options.defaults());
    }

    public static FakeMapillary start(Options options) {
        try {
            return new FakeMapillary(Objects.requireNonNull(options, "options"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start fake Mapillary", e);
        }
    }

    /** Graph API base, e.g. {@code http://127.0.0.1:41234} (no trailing slash). */
    public String apiUrl() {
        return apiUrl;
    }

    /** CDN base the thumbnail URLs point at (another port than the API). */
    public String cdnUrl() {
        return cdnUrl;
    }

    public String token() {
        return options.token();
    }

    public Options options() {
        return options;
    }

    /**
     * Registers (or replaces, by username) a user.
     *
     * @throws IllegalArgumentException if another user already has the same id prefix (pick another seed)
     */
    public FakeMapillary addUser(SyntheticUser user) {
        synchronized (usersByName) {
            SyntheticUser samePrefix = usersByPrefix.get(user.idPrefix());
            if (samePrefix != null && !samePrefix.username().equals(user.username())) {
                throw new IllegalArgumentException("user " + user.username() + " has the same id prefix as "
                        + samePrefix.username() + "; use another seed");
            }
            SyntheticUser old = usersByName.put(user.username(), user);
            if (old != null) {
                usersByPrefix.remove(old.idPrefix());
            }
            usersByPrefix.put(user.idPrefix(), user);
        }
        return this;
    }

    /** Removes a user; its ids then answer 404. */
    public FakeMapillary removeUser(String username) {
        synchronized (usersByName) {
            SyntheticUser old = usersByName.remove(username);
            if (old != null) {
                usersByPrefix.remove(old.idPrefix());
            }
        }
        return this;
    }

    public Optional<SyntheticUser> user(String username) {
        return Optional.ofNullable(usersByName.get(username));
    }

    public Collection<SyntheticUser> users() {
        return List.copyOf(usersByName.values());
    }

    public Faults faults() {
        return faults;
    }

    public RequestLog requests() {
        return requests;
    }

    /** Turns all faults off and clears the request log; users stay. */
    public void reset() {
        faults.reset();
        requests.clear();
    }

    /** The exact bytes the CDN serves for {@code id} at {@code quality} ("256", "1024", "2048", "original"). */
    public byte[] imageBytes(String id, String quality) {
        SyntheticImage r = image(id).orElseThrow(() -> new IllegalArgumentException("unknown image " + id));
        return jpegs.bytes(r.id(), quality, r.pano()).clone();
    }

    /** A freshly signed CDN URL for {@code id} at {@code quality}, as the API would hand it out now. */
    public String thumbUrl(String id, String quality) {
        SyntheticImage r = image(id).orElseThrow(() -> new IllegalArgumentException("unknown image " + id));
        if (!List.of("256", "1024", "2048", "original").contains(quality)) {
            throw new IllegalArgumentException("quality must be 256, 1024, 2048 or original");
        }
        return recordWriter().thumbUrl(r, quality);
    }

    /**
     * The compact JSON the API serves for {@code id} with these fields (e.g. {@link #ORIGINAL_FIELDS}), for tests that
     * build image tasks without a listing.
     */
    public String recordJson(String id, String fields) {
        SyntheticImage r = image(id).orElseThrow(() -> new IllegalArgumentException("unknown image " + id));
        try {
            StringBuilder sb = new StringBuilder(1024);
            recordWriter().write(sb, r, FieldSelection.parse(fields));
            return sb.toString();
        } catch (FieldSelection.UnknownFieldException e) {
            throw new IllegalArgumentException("unknown field " + e.field);
        }
    }

    /** Generates the JPEG pools of these qualities now instead of on the first CDN request. */
    public void warmUp(String... qualities) {
        for (String q : qualities) {
            jpegs.pool(q, false);
            jpegs.pool(q, true);
        }
    }

    /** The record of {@code id}, if a registered user has it. */
    public Optional<SyntheticImage> image(String id) {
        SyntheticUser u = userOfId(id);
        if (u == null) {
            return Optional.empty();
        }
        return Optional.of(u.record(u.indexOf(id).getAsInt()));
    }

    SyntheticUser userOfId(String id) {
        if (id == null || id.length() != 16) {
            return null;
        }
        for (int i = 0; i < 16; i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return null;
            }
        }
        SyntheticUser u = usersByPrefix.get(Long.parseLong(id) / 10_000_000_000L);
        return u != null && u.indexOf(id).isPresent() ? u : null;
    }

    SyntheticUser userByName(String name) {
        return usersByName.get(name);
    }

    SyntheticUser userByCreatorId(String creatorId) {
        for (SyntheticUser u : usersByName.values()) {
            if (u.creatorId().equals(creatorId)) {
                return u;
            }
        }
        return null;
    }

    UrlSigner signer() {
        return signer;
    }

    JpegPool jpegs() {
        return jpegs;
    }

    /** A writer for one response, with URLs expiring after the current TTL. */
    RecordWriter recordWriter() {
        Duration ttl = faults.effectiveUrlTtl(options.urlTtl());
        long expiry = Math.floorDiv(System.currentTimeMillis() + ttl.toMillis(), 1000L);
        return new RecordWriter(cdnUrl, signer, expiry, faults.urlGeneration(), options.escapeSlashes(),
                faults.hostileEvery());
    }

    /** Stops both servers at once. */
    @Override
    public void close() {
        api.stop(0);
        cdn.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "FakeMapillary[api=" + apiUrl + ", cdn=" + cdnUrl + "]";
    }
}
