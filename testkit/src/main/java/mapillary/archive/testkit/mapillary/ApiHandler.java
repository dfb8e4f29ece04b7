package mapillary.archive.testkit.mapillary;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** The Graph API side of {@link FakeMapillary}: auth, faults, then {@code /images}, entities and sequences. */
final class ApiHandler implements HttpHandler {

    static final int MAX_LIMIT = 2000;
    static final int MAX_IDS = 50;
    private static final String BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String JSON = "application/json; charset=UTF-8";

    /** A response ready to send. */
    record Response(int status, String contentType, byte[] body, String retryAfter) {
        static Response json(int status, String body) {
            return new Response(status, JSON, body.getBytes(StandardCharsets.ISO_8859_1), null);
        }
    }

    /** A request error with its Graph API response. */
    static final class GraphError extends Exception {
        private static final long serialVersionUID = 1L;

        final transient Response response;

        GraphError(Response response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    private final FakeMapillary fake;
    private final AtomicLong traces = new AtomicLong();

    ApiHandler(FakeMapillary fake) {
        this.fake = fake;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            Query q = new Query(ex.getRequestURI().getRawQuery());
            RequestLog.Endpoint endpoint = classify(path, q);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            Response r;
            try {
                sleep(fake.faults().apiLatency());
                r = respond(ex.getRequestMethod(), path, q, endpoint, auth);
            } catch (GraphError e) {
                r = e.response;
            } catch (RuntimeException e) {
                r = Response.json(500, GraphJson.error("An unexpected error has occurred. Please retry your request later.",
                        "OAuthException", 2, null, true, trace()));
            }
            fake.requests().add(new RequestLog.Entry(endpoint, ex.getRequestMethod(), path, q.redacted(),
                    auth != null, q.values.containsKey("access_token"), r.status(), Instant.now()));
            send(ex, r);
        }
    }

    static void send(HttpExchange ex, Response r) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", r.contentType());
        if (r.retryAfter() != null) {
            h.set("Retry-After", r.retryAfter());
        }
        byte[] body = r.body();
        ex.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    private static RequestLog.Endpoint classify(String path, Query q) {
        if (path.equals("/images")) {
            return RequestLog.Endpoint.IMAGES;
        }
        if (path.equals("/image_ids")) {
            return RequestLog.Endpoint.IMAGE_IDS;
        }
        if (path.equals("/")) {
            return q.values.containsKey("ids") ? RequestLog.Endpoint.ENTITIES : RequestLog.Endpoint.OTHER_API;
        }
        if (path.length() > 1 && path.indexOf('/', 1) < 0) {
            return RequestLog.Endpoint.ENTITY;
        }
        return RequestLog.Endpoint.OTHER_API;
    }

    private Response respond(String method, String path, Query q, RequestLog.Endpoint endpoint, String auth)
            throws GraphError {
        if (!authorized(auth, q.get("access_token"))) {
            return Response.json(401, GraphJson.error("Invalid OAuth access token - Cannot parse access token",
                    "OAuthException", 190, null, false, trace()));
        }
        Faults faults = fake.faults();
        int fail = faults.apiFailure();
        if (fail != 0) {
            return failure(fail);
        }
        long retryAfter = faults.rateLimited();
        if (retryAfter >= 0) {
            return new Response(429, JSON, GraphJson.error("(#4) Application request limit reached",
                    "OAuthException", 4, null, true, trace()).getBytes(StandardCharsets.ISO_8859_1),
                    Long.toString(retryAfter));
        }
        if (!method.equals("GET")) {
            throw badRequest("(#100) Unsupported request method " + method + " on this fake");
        }
        return switch (endpoint) {
            case IMAGES -> images(q);
            case ENTITY -> entity(URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8), q);
            case ENTITIES -> entities(q);
            case IMAGE_IDS -> imageIds(q);
            default -> Response.json(400, GraphJson.error("Unknown path components: " + path, "OAuthException",
                    2500, null, false, trace()));
        };
    }

    private boolean authorized(String header, String param) {
        String token = fake.token();
        if (header != null) {
            String h = header.trim();
            int sp = h.indexOf(' ');
            if (sp > 0) {
                String scheme = h.substring(0, sp);
                String value = h.substring(sp + 1).trim();
                if ((scheme.equalsIgnoreCase("OAuth") || scheme.equalsIgnoreCase("Bearer")) && value.equals(token)) {
                    return true;
                }
            }
        }
        return token.equals(param);
    }

    private Response failure(int status) {
        if (status == 500) {
            return Response.json(500, GraphJson.error("An unknown error has occurred.", "OAuthException", 1, null,
                    true, trace()));
        }
        if (status == 502 || status == 503 || status == 504) {
            String text = status == 502 ? "Bad Gateway" : status == 503 ? "Service Unavailable" : "Gateway Timeout";
            String html = "<html><head><title>" + status + " " + text + "</title></head><body><h1>" + text
                    + "</h1></body></html>";
            return new Response(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.ISO_8859_1), null);
        }
        return Response.json(status, GraphJson.error("An unexpected error has occurred. Please retry your request later.",
                "OAuthException", 2, null, true, trace()));
    }

    // ---- /images ----

    private Response images(Query q) throws GraphError {
        int limit = limit(q.get("limit"));
        FieldSelection fields = fields(q.get("fields"));
        Filter filter = filter(q);
        if (fake.faults().dense(limit)) {
            return Response.json(500, GraphJson.error(
                    "Please reduce the amount of data you're asking for, then retry your request", "OAuthException",
                    1, null, true, trace()));
        }
        String username = q.get("creator_username");
        String creatorId = q.get("creator_id");
        RecordWriter writer = fake.recordWriter();
        if (username != null || creatorId != null) {
            SyntheticUser user = username != null ? fake.userByName(username) : fake.userByCreatorId(creatorId);
            if (user == null || (username != null && creatorId != null && !user.creatorId().equals(creatorId))) {
                return Response.json(200, "{\"data\":[]}");
            }
            return userPage(q, user, limit, fields, filter, writer);
        }
        if (filter.imageIds == null && filter.sequenceIds == null && filter.bbox == null) {
            throw badRequest("(#100) Must specify at least one of the following parameters: creator_username, "
                    + "creator_id, bbox, sequence_ids, image_ids");
        }
        // sample modes: at most `limit` results, no paging (like a bbox search)
        StringBuilder sb = new StringBuilder(256 + limit * 64);
        sb.append("{\"data\":[");
        int n = 0;
        if (filter.imageIds != null) {
            for (String id : filter.imageIds) {
                SyntheticUser u = fake.userOfId(id);
                if (u != null && n < limit) {
                    SyntheticImage r = u.record(u.indexOf(id).getAsInt());
                    if (filter.matches(r)) {
                        n = append(sb, n, writer, r, fields);
                    }
                }
            }
        } else {
            for (SyntheticUser u : fake.users()) {
                if (filter.sequenceIds != null) {
                    for (String seq : filter.sequenceIds) {
                        int[] run = u.sequenceRun(seq);
                        if (run != null) {
                            for (int i = run[0]; i < run[1] && n < limit; i++) {
                                SyntheticImage r = u.record(i);
                                if (filter.matches(r)) {
                                    n = append(sb, n, writer, r, fields);
                                }
                            }
                        }
                    }
                } else {
                    for (int i = 0; i < u.count() && n < limit; i++) {
                        SyntheticImage r = u.record(i);
                        if (filter.matches(r)) {
                            n = append(sb, n, writer, r, fields);
                        }
                    }
                }
            }
        }
        sb.append("]}");
        return Response.json(200, sb.toString());
    }

    private Response userPage(Query q, SyntheticUser user, int limit, FieldSelection fields, Filter filter,
            RecordWriter writer) throws GraphError {
        int start = 0;
        String after = q.get("after");
        if (after != null) {
            start = decodeCursor(after);
        }
        int count = user.count();
        StringBuilder sb = new StringBuilder(256 + limit * (fields.selected.size() * 40 + 20));
        sb.append("{\"data\":[");
        int n = 0;
        int first = -1;
        int last = -1;
        int i = start;
        for (; i < count && n < limit; i++) {
            SyntheticImage r = user.record(i);
            if (filter.matches(r)) {
                String raw = fake.faults().rawRecord(user.username(), i);
                if (raw != null) {
                    GraphJson.asciiRaw(sb.append(n > 0 ? "," : ""), raw);
                    n++;
                } else {
                    n = append(sb, n, writer, r, fields);
                }
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        int next = -1;
        if (filter.isEmpty()) {
            next = i < count ? i : -1;
        } else {
            for (; i < count; i++) {
                if (filter.matches(user.record(i))) {
                    next = i;
                    break;
                }
            }
        }
        sb.append(']');
        if (n == 0) {
            sb.append('}');
            return Response.json(200, sb.toString());
        }
        sb.append(",\"paging\":{\"cursors\":{\"before\":\"").append(cursor(first)).append("\",\"after\":\"")
                .append(cursor(last + 1)).append("\"}");
        if (next >= 0) {
            String rest = q.rawWithout("after");
            String url = fake.apiUrl() + "/images?" + (rest.isEmpty() ? "" : rest + "&") + "after=" + cursor(next);
            sb.append(",\"next\":");
            GraphJson.string(sb, url, fake.options().escapeSlashes());
        }
        sb.append("}}");
        return Response.json(200, sb.toString());
    }

    private static int append(StringBuilder sb, int n, RecordWriter writer, SyntheticImage r, FieldSelection fields) {
        if (n > 0) {
            sb.append(',');
        }
        writer.write(sb, r, fields);
        return n + 1;
    }

    static String cursor(int index) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("mly:c1:" + index).getBytes(StandardCharsets.US_ASCII));
    }

    private int decodeCursor(String after) throws GraphError {
        try {
            String s = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.US_ASCII);
            if (s.startsWith("mly:c1:")) {
                int v = Integer.parseInt(s.substring(7));
                if (v >= 0) {
                    return v;
                }
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw badRequest("(#100) Invalid cursor: after");
    }

    private int limit(String raw) throws GraphError {
        if (raw == null || raw.isEmpty()) {
            return MAX_LIMIT;
        }
        try {
            return Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(raw.trim())));
        } catch (NumberFormatException e) {
            throw badRequest("(#100) Param limit must be an integer");
        }
    }

    private FieldSelection fields(String raw) throws GraphError {
        try {
            return FieldSelection.parse(raw);
        } catch (FieldSelection.UnknownFieldException e) {
            throw badRequest("(#100) Tried accessing nonexisting field (" + e.field + ") on node type (Image)");
        }
    }

    /** The search filters of {@code /images}. */
    private static final class Filter {
        double[] bbox;
        Long startMs;
        Long endMs;
        Set<String> sequenceIds;
        List<String> imageIds;

        boolean isEmpty() {
            return bbox == null && startMs == null && endMs == null && sequenceIds == null && imageIds == null;
        }

        boolean matches(SyntheticImage r) {
            if (bbox != null) {
                double lon = r.geometry()[0];
                double lat = r.geometry()[1];
                if (lon < bbox[0] || lat < bbox[1] || lon > bbox[2] || lat > bbox[3]) {
                    return false;
                }
            }
            if (startMs != null || endMs != null) {
                Long t = r.capturedAt();
                if (t == null || (startMs != null && t < startMs) || (endMs != null && t > endMs)) {
                    return false;
                }
            }
            if (sequenceIds != null && (r.sequence() == null || !sequenceIds.contains(r.sequence()))) {
                return false;
            }
            return imageIds == null || imageIds.contains(r.id());
        }
    }

    private Filter filter(Query q) throws GraphError {
        Filter f = new Filter();
        String bbox = q.get("bbox");
        if (bbox != null) {
            String[] parts = bbox.split(",");
            if (parts.length != 4) {
                throw badRequest("(#100) bbox must be minLon,minLat,maxLon,maxLat");
            }
            try {
                f.bbox = Arrays.stream(parts).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
            } catch (NumberFormatException e) {
                throw badRequest("(#100) bbox must be minLon,minLat,maxLon,maxLat");
            }
            if (f.bbox[0] > f.bbox[2] || f.bbox[1] > f.bbox[3]) {
                throw badRequest("(#100) bbox must be minLon,minLat,maxLon,maxLat");
            }
        }
        f.startMs = time(q.get("start_captured_at"), "start_captured_at");
        f.endMs = time(q.get("end_captured_at"), "end_captured_at");
        String seqs = q.get("sequence_ids");
        if (seqs != null) {
            f.sequenceIds = new HashSet<>(Arrays.asList(seqs.split(",")));
        }
        String ids = q.get("image_ids");
        if (ids != null) {
            f.imageIds = new ArrayList<>(new java.util.LinkedHashSet<>(Arrays.asList(ids.split(","))));
        }
        return f;
    }

    private Long time(String raw, String name) throws GraphError {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(raw).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(raw).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw badRequest("(#100) Invalid parameter " + name + ": expected an ISO-8601 time");
            }
        }
    }

    // ---- entities and sequences ----

    private Response entity(String id, Query q) throws GraphError {
        FieldSelection fields = fields(q.get("fields"));
        SyntheticUser u = fake.userOfId(id);
        if (u == null) {
            throw notFound(id);
        }
        StringBuilder sb = new StringBuilder(512);
        fake.recordWriter().write(sb, u.record(u.indexOf(id).getAsInt()), fields);
        return Response.json(200, sb.toString());
    }

    private Response entities(Query q) throws GraphError {
        FieldSelection fields = fields(q.get("fields"));
        List<String> ids = Arrays.stream(q.get("ids").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .distinct().toList();
        if (ids.isEmpty()) {
            throw badRequest("(#100) The parameter ids is required");
        }
        if (ids.size() > MAX_IDS) {
            throw badRequest("(#100) Too many IDs. Maximum: " + MAX_IDS + ". Provided: " + ids.size() + ".");
        }
        RecordWriter writer = fake.recordWriter();
        StringBuilder sb = new StringBuilder(ids.size() * 512);
        sb.append('{');
        boolean first = true;
        for (String id : ids) {
            SyntheticUser u = fake.userOfId(id);
            if (u == null) {
                throw notFound(id);
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            GraphJson.string(sb, id, fake.options().escapeSlashes());
            sb.append(':');
            writer.write(sb, u.record(u.indexOf(id).getAsInt()), fields);
        }
        sb.append('}');
        return Response.json(200, sb.toString());
    }

    private Response imageIds(Query q) throws GraphError {
        String seq = q.get("sequence_id");
        if (seq == null || seq.isEmpty()) {
            throw badRequest("(#100) The parameter sequence_id is required");
        }
        StringBuilder sb = new StringBuilder(1024);
        sb.append("{\"data\":[");
        for (SyntheticUser u : fake.users()) {
            if (u.hasSequence(seq)) {
                boolean first = true;
                for (String id : u.imageIdsOfSequence(seq)) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    sb.append("{\"id\":\"").append(id).append("\"}");
                }
                break;
            }
        }
        sb.append("]}");
        return Response.json(200, sb.toString());
    }

    private GraphError badRequest(String message) {
        return new GraphError(Response.json(400, GraphJson.error(message, "OAuthException", 100, null, false,
                trace())));
    }

    private GraphError notFound(String id) {
        return new GraphError(Response.json(404, GraphJson.error("Unsupported get request. Object with ID '" + id
                + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation",
                "GraphMethodException", 100, 33, false, trace())));
    }

    private String trace() {
        long h = SyntheticUser.mix(traces.incrementAndGet() * 0x9E3779B97F4A7C15L ^ fake.options().seed());
        StringBuilder sb = new StringBuilder("A");
        for (int i = 0; i < 22; i++) {
            sb.append(BASE62.charAt((int) Math.floorMod(h, 62L)));
            h = i % 10 == 9 ? SyntheticUser.mix(h) : h / 62;
        }
        return sb.toString();
    }

    static void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
