package mapillary.archive.testkit.ia;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake IA-S3 host: {@code PUT /{id}/{file}} with {@code LOW} auth, auto-make-bucket, {@code x-archive-meta*}
 * headers, {@code Content-MD5} check, no chunked bodies; {@code DELETE /{id}/{file}}; {@code GET /?check_limit=1}.
 * Errors are S3-style XML documents, as IA-S3 sends them.
 */
final class S3Handler implements HttpHandler {

    private static final Pattern META = Pattern.compile("x-(?:archive|amz)-meta(\\d*)-(.+)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,99}");
    private static final DateTimeFormatter IA_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final FakeInternetArchive ia;

    S3Handler(FakeInternetArchive ia) {
        this.ia = ia;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        List<String> seg = Http.segments(ex.getRequestURI().getRawPath());
        switch (ex.getRequestMethod()) {
            case "GET" -> {
                if (seg.isEmpty() && Http.query(ex).containsKey("check_limit")) {
                    checkLimit(ex);
                } else {
                    drain(ex);
                    Http.s3Error(ex, 501, "NotImplemented", "The fake IA-S3 only serves check_limit on GET.",
                            ex.getRequestURI().getPath());
                }
            }
            case "PUT" -> put(ex, seg);
            case "DELETE" -> delete(ex, seg);
            default -> {
                drain(ex);
                Http.s3Error(ex, 405, "MethodNotAllowed", "The specified method is not allowed.",
                        ex.getRequestURI().getPath());
            }
        }
    }

    private void checkLimit(HttpExchange ex) throws IOException {
        Map<String, String> q = Http.query(ex);
        boolean over = ia.faults().nextOverLimit();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("accesskey_ration", 8000);
        detail.put("accesskey_tasks_queued", 0);
        detail.put("bucket_ration", 24);
        detail.put("bucket_tasks_queued", 0);
        detail.put("limit_reason", over ? "accesskey" : "");
        detail.put("rationing_engaged", over ? 1 : 0);
        detail.put("rationing_level", 0);
        detail.put("total_global_limit", 1_000_000);
        detail.put("total_tasks_queued", 0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bucket", q.getOrDefault("bucket", ""));
        out.put("accesskey", q.getOrDefault("accesskey", ""));
        out.put("over_limit", over ? 1 : 0);
        out.put("detail", detail);
        Http.json(ex, 200, out);
    }

    private void put(HttpExchange ex, List<String> seg) throws IOException {
        String resource = ex.getRequestURI().getPath();
        String id = seg.isEmpty() ? "" : seg.get(0);
        String filename = seg.size() < 2 ? "" : String.join("/", seg.subList(1, seg.size()));
        Headers h = ex.getRequestHeaders();
        Map<String, List<String>> recorded = recordHeaders(h);

        String authError = authError(h.getFirst("Authorization"));
        if (authError != null) {
            reject(ex, id, filename, recorded, 403, authError, authError.equals("InvalidAccessKeyId")
                    ? "The AWS Access Key Id you provided does not exist in our records."
                    : authError.equals("SignatureDoesNotMatch")
                    ? "The request signature we calculated does not match the signature you provided."
                    : "Access Denied", resource);
            return;
        }
        String te = h.getFirst("Transfer-Encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            reject(ex, id, filename, recorded, 411, "MissingContentLength",
                    "You must provide the Content-Length HTTP header.", resource);
            return;
        }
        if (h.getFirst("Content-Length") == null) {
            reject(ex, id, filename, recorded, 411, "MissingContentLength",
                    "You must provide the Content-Length HTTP header.", resource);
            return;
        }
        if (!IDENTIFIER.matcher(id).matches()) {
            reject(ex, id, filename, recorded, 400, "InvalidBucketName",
                    "The specified bucket is not valid.", resource);
            return;
        }
        IaFaults.S3Fault fault = ia.faults().nextS3Fault();
        if (fault != null) {
            String detail = switch (fault) {
                case SLOW_DOWN -> resource;
                case SPAM -> "Your upload of " + id + " from username " + ia.options().uploader()
                        + " appears to be spam. If you believe this is a mistake, contact info@archive.org and "
                        + "include this message in your email.";
                case QUEUE_FULL -> "total_tasks_queued exceeds global_limit";
            };
            reject(ex, id, filename, recorded, 503, "SlowDown", "Please reduce your request rate.", detail);
            return;
        }
        boolean autoMake = "1".equals(h.getFirst("x-archive-auto-make-bucket"))
                || "1".equals(h.getFirst("x-amz-auto-make-bucket"));
        StoredItem existing = ia.get(id);
        if (existing == null && !autoMake && !filename.isEmpty()) {
            reject(ex, id, filename, recorded, 404, "NoSuchBucket", "The specified bucket does not exist.", id);
            return;
        }
        if (existing != null) {
            boolean dark;
            synchronized (existing) {
                dark = existing.dark;
            }
            if (dark) {
                reject(ex, id, filename, recorded, 403, "AccessDenied", "Access Denied", resource);
                return;
            }
        }
        Map<String, Object> meta;
        try {
            meta = metadataFromHeaders(h);
        } catch (IllegalArgumentException e) {
            reject(ex, id, filename, recorded, 400, "InvalidArgument", e.getMessage(), resource);
            return;
        }

        MessageDigest md5 = FakeInternetArchive.md5();
        ByteArrayOutputStream kept = ia.options().storeContent() ? new ByteArrayOutputStream() : null;
        long size = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = ex.getRequestBody()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md5.update(buf, 0, n);
                if (kept != null) {
                    kept.write(buf, 0, n);
                }
                size += n;
            }
        }
        byte[] digest = md5.digest();
        String hex = HexFormat.of().formatHex(digest);
        String contentMd5 = h.getFirst("Content-MD5");
        if (contentMd5 != null && !md5Matches(contentMd5.trim(), digest, hex)) {
            record(id, filename, 400, "BadDigest", size, hex, recorded);
            Http.s3Error(ex, 400, "BadDigest", "The Content-MD5 you specified did not match what was received.",
                    resource);
            return;
        }

        StoredItem item = ia.createIfAbsent(id, meta);
        synchronized (item) {
            if (item == existing && "1".equals(h.getFirst("x-archive-ignore-preexisting-bucket"))) {
                meta.forEach((k, v) -> item.metadata.set(k, Http.toNode(v)));
            }
            if (item != existing) {
                // a new item: fill in what IA adds itself
                String now = IA_DATE.format(Instant.now());
                if (!item.metadata.has("mediatype")) {
                    item.metadata.put("mediatype", "data");
                }
                item.metadata.put("uploader", ia.options().uploader());
                item.metadata.put("addeddate", now);
                item.metadata.put("publicdate", now);
            }
            if (!filename.isEmpty()) {
                item.files.put(filename, new IaFile(filename, size, hex, Instant.now(),
                        kept == null ? null : kept.toByteArray()));
            }
            item.lastUpdated = Instant.now().getEpochSecond();
        }
        record(id, filename, 200, null, size, hex, recorded);
        ex.getResponseHeaders().set("ETag", "\"" + hex + "\"");
        Http.send(ex, 200, null, new byte[0]);
    }

    private void delete(HttpExchange ex, List<String> seg) throws IOException {
        drain(ex);
        String resource = ex.getRequestURI().getPath();
        String authError = authError(ex.getRequestHeaders().getFirst("Authorization"));
        if (authError != null) {
            Http.s3Error(ex, 403, authError, "Access Denied", resource);
            return;
        }
        StoredItem item = seg.isEmpty() ? null : ia.get(seg.get(0));
        if (item == null || seg.size() < 2) {
            Http.s3Error(ex, 404, "NoSuchKey", "The specified key does not exist.", resource);
            return;
        }
        String name = String.join("/", seg.subList(1, seg.size()));
        synchronized (item) {
            if (item.files.remove(name) == null) {
                Http.s3Error(ex, 404, "NoSuchKey", "The specified key does not exist.", resource);
                return;
            }
            item.lastUpdated = Instant.now().getEpochSecond();
        }
        Http.send(ex, 204, null, new byte[0]);
    }

    /** Null when the LOW credentials are valid, else the S3 error code. */
    private String authError(String auth) {
        if (auth == null || !auth.startsWith("LOW ")) {
            return "AccessDenied";
        }
        String creds = auth.substring(4).trim();
        int colon = creds.indexOf(':');
        if (colon <= 0) {
            return "AccessDenied";
        }
        String expected = ia.options().credentials().get(creds.substring(0, colon));
        if (expected == null) {
            return "InvalidAccessKeyId";
        }
        return expected.equals(creds.substring(colon + 1)) ? null : "SignatureDoesNotMatch";
    }

    private static boolean md5Matches(String header, byte[] digest, String hex) {
        if (header.length() == 32) {
            return header.equalsIgnoreCase(hex);
        }
        try {
            return java.util.Arrays.equals(Base64.getDecoder().decode(header), digest);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Item metadata from {@code x-archive-meta[NN]-field} headers: {@code --} is {@code _}, {@code uri(...)} decoded. */
    static Map<String, Object> metadataFromHeaders(Headers h) {
        Map<String, TreeMap<Integer, List<String>>> fields = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : h.entrySet()) {
            Matcher m = META.matcher(e.getKey().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                continue;
            }
            int index = m.group(1).isEmpty() ? -1 : Integer.parseInt(m.group(1));
            String field = m.group(2).replace("--", "_");
            for (String v : e.getValue()) {
                String value = v.trim();
                if (value.startsWith("uri(") && value.endsWith(")")) {
                    value = Http.decode(value.substring(4, value.length() - 1), false);
                }
                fields.computeIfAbsent(field, k -> new TreeMap<>()).computeIfAbsent(index, k -> new ArrayList<>())
                        .add(value);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        fields.forEach((field, byIndex) -> {
            List<String> all = new ArrayList<>();
            byIndex.values().forEach(all::addAll);
            out.put(field, all.size() == 1 ? all.get(0) : all);
        });
        return out;
    }

    private void reject(HttpExchange ex, String id, String filename, Map<String, List<String>> headers, int status,
                        String code, String message, String resource) throws IOException {
        drain(ex);
        record(id, filename, status, code, 0, null, headers);
        Http.s3Error(ex, status, code, message, resource);
    }

    private void record(String id, String filename, int status, String code, long size, String md5,
                        Map<String, List<String>> headers) {
        ia.recordUpload(new IaUpload(id, filename, status, code, size, md5, headers, Instant.now()));
    }

    private static Map<String, List<String>> recordHeaders(Headers h) {
        Map<String, List<String>> out = new TreeMap<>();
        h.forEach((k, v) -> {
            String name = k.toLowerCase(Locale.ROOT);
            if (name.equals("authorization")) {
                v = v.stream().map(S3Handler::maskSecret).toList();
            }
            out.put(name, List.copyOf(v));
        });
        return out;
    }

    private static String maskSecret(String auth) {
        int colon = auth.indexOf(':');
        return colon < 0 ? "***" : auth.substring(0, colon + 1) + "***";
    }

    /** Reads and discards the request body so the client sees our answer instead of a reset connection. */
    private static void drain(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody(); OutputStream sink = OutputStream.nullOutputStream()) {
            in.transferTo(sink);
        }
    }
}
