package mapillary.archive.archiver.ia;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.archiver.meta.MetaWriter;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.format.Formats;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Uploads a finished collection directory as one IA item through the IA-S3 API (external-apis B.3-B.5):
 * {@code Authorization: LOW}, auto-make-bucket, item metadata from {@code .meta} as numbered
 * {@code x-archive-meta##-*} headers, {@code x-archive-queue-derive: 0}, a size hint, {@code Content-MD5}, and a
 * known {@code Content-Length} (never chunked). Files the metadata API already lists with the same MD5 are skipped,
 * so a restarted upload resumes. 503 SlowDown waits (doubling) and polls {@code check_limit}; "appears to be spam"
 * and other 4xx stop with an {@link UploadException}. The keys never appear in a log line or message.
 */
public class IaUploader {

    private static final Logger LOG = Logger.getLogger(IaUploader.class);
    private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");
    /** Our own bookkeeping files that are not part of the IA item. */
    private static final List<String> EXCLUDED = List.of("harvest.json");

    private final String iaUrl;
    private final String s3Url;
    private final String accessKey;
    private final String secretKey;
    private final Duration retryDelay;
    private final int maxAttempts;
    private final HttpClient http;

    public IaUploader(String iaUrl, String s3Url, String accessKey, String secretKey, Duration retryDelay,
                      int maxAttempts) {
        this.iaUrl = trimSlash(iaUrl);
        this.s3Url = trimSlash(s3Url);
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.retryDelay = retryDelay;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** Uploads every item file of {@code dir} to item {@code identifier}; returns what was sent and skipped. */
    public UploadResult upload(String identifier, Path dir) throws UploadException, IOException, InterruptedException {
        List<String> files = itemFiles(dir);
        Map<String, List<String>> tags = MetaWriter.read(dir);
        List<Map.Entry<String, String>> meta = MetaHeaders.of(tags);
        JsonNode item = remoteItem(identifier);
        Map<String, String> remote = md5s(item, identifier);
        long sizeHint = 0;
        for (String f : files) {
            sizeHint += Files.size(dir.resolve(f));
        }
        LOG.infof("Uploading %s to IA: %d files, %s (%d already there)", identifier, files.size(),
                Formats.size(sizeHint), remote.size());
        int uploaded = 0;
        int skipped = 0;
        long bytes = 0;
        for (String name : files) {
            Path file = dir.resolve(name);
            byte[] md5 = md5(file);
            if (HexFormat.of().formatHex(md5).equalsIgnoreCase(remote.get(name))) {
                skipped++;
                continue;
            }
            put(identifier, name, file, md5, meta, sizeHint);
            uploaded++;
            bytes += Files.size(file);
        }
        LOG.infof("Uploaded %s: %d files sent (%s), %d skipped as already on IA", identifier, uploaded,
                Formats.size(bytes), skipped);
        if (item == null) {
            item = remoteItem(identifier);
        }
        if (item == null) {
            LOG.warnf("Could not read %s back from IA; its metadata is left as the first upload set it", identifier);
        } else if (item.has("metadata")) {
            syncMetadata(identifier, item.path("metadata"), tags); // the item existed before: IA ignored our headers
        }
        return new UploadResult(uploaded, skipped, bytes);
    }

    /**
     * Uploads one file of an item still being built (incremental upload): the item is created by this PUT if it does
     * not exist yet, with {@code tags} as its first metadata; on an existing item IA ignores them.
     */
    public void uploadFile(String identifier, String name, Path file, Map<String, List<String>> tags, long sizeHint)
            throws UploadException, IOException, InterruptedException {
        put(identifier, name, file, md5(file), MetaHeaders.of(tags), sizeHint);
        LOG.infof("Uploaded %s to %s early (%s)", name, identifier, Formats.size(Files.size(file)));
    }

    /**
     * Makes an existing item's metadata match {@code tags}: IA takes metadata headers only from the PUT that creates
     * an item, so an item made earlier (incremental upload, a resumed upload, addenda) gets the final values through
     * the metadata write API (external-apis B.4) as a JSON Patch of the fields that differ from {@code remote}.
     * Nothing is sent when all match. (Not {@code x-archive-ignore-preexisting-bucket}, which replaces all of it.)
     */
    void syncMetadata(String identifier, JsonNode remote, Map<String, List<String>> tags)
            throws UploadException, IOException, InterruptedException {
        com.fasterxml.jackson.databind.node.ArrayNode patch = MetadataPatch.of(remote, tags);
        if (patch.isEmpty()) {
            return;
        }
        String form = "-target=metadata&-patch=" + enc(patch.toString());
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> r;
            try {
                r = http.send(HttpRequest.newBuilder(URI.create(iaUrl + "/metadata/" + enc(identifier)))
                        .timeout(Duration.ofSeconds(120))
                        .header("Authorization", "LOW " + accessKey + ":" + secretKey)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                retryOrFail(identifier, "metadata", attempt, "network error: " + e.getClass().getSimpleName());
                continue;
            }
            if (r.statusCode() == 200 && Json.MAPPER.readTree(r.body()).path("success").asBoolean(false)) {
                LOG.infof("Updated %d metadata fields of %s", patch.size(), identifier);
                return;
            }
            if (r.statusCode() >= 500 || r.statusCode() == 429) {
                retryOrFail(identifier, "metadata", attempt, "HTTP " + r.statusCode());
                continue;
            }
            throw new UploadException("IA refused the metadata of " + identifier + ": HTTP " + r.statusCode() + " "
                    + mapillary.archive.common.io.PathComponents.quote(r.body()), false);
        }
    }

    /** The files that make up the item: everything but hidden files ({@code .meta}, temp) and our bookkeeping. */
    static List<String> itemFiles(Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                Path rel = dir.relativize(p);
                for (Path part : rel) {
                    if (part.toString().startsWith(".")) {
                        return;
                    }
                }
                String name = rel.toString().replace('\\', '/');
                if (!EXCLUDED.contains(name)) {
                    files.add(name);
                }
            });
        }
        files.sort(String::compareTo);
        return files;
    }

    private void put(String identifier, String name, Path file, byte[] md5, List<Map.Entry<String, String>> meta,
                     long sizeHint) throws UploadException, IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(s3Url + "/" + identifier + "/" + path(name)))
                    .timeout(Duration.ofHours(6))
                    .header("Authorization", "LOW " + accessKey + ":" + secretKey)
                    .header("x-archive-auto-make-bucket", "1")
                    .header("x-archive-queue-derive", "0")
                    .header("x-archive-size-hint", Long.toString(sizeHint))
                    .header("Content-MD5", Base64.getEncoder().encodeToString(md5))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file));
            meta.forEach(h -> req.header(h.getKey(), h.getValue()));
            HttpResponse<String> resp;
            try {
                resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                retryOrFail(identifier, name, attempt, "network error: " + e.getClass().getSimpleName());
                continue;
            }
            int status = resp.statusCode();
            if (status / 100 == 2) {
                return;
            }
            String body = resp.body() == null ? "" : resp.body();
            String code = s3Code(body);
            if (body.contains("appears to be spam")) {
                throw new UploadException("IA refused " + name + " of " + identifier
                        + ": the upload appears to be spam (503 " + code + "); not retried", false);
            }
            if (status == 503 || status >= 500 || status == 408 || status == 429) {
                retryOrFail(identifier, name, attempt, "HTTP " + status + " " + code);
                if (status == 503) {
                    awaitLimit(identifier);
                }
                continue;
            }
            throw new UploadException("IA refused " + name + " of " + identifier + ": HTTP " + status + " " + code,
                    false);
        }
    }

    private void retryOrFail(String identifier, String name, int attempt, String why)
            throws UploadException, InterruptedException {
        if (attempt >= maxAttempts) {
            throw new UploadException("upload of " + name + " to " + identifier + " failed after " + attempt
                    + " attempts: " + why, true);
        }
        long factor = Math.min(10, 1L << Math.min(attempt - 1, 4));
        Duration wait = retryDelay.multipliedBy(factor);
        LOG.warnf("Upload of %s to %s: %s; retrying in %s (attempt %d of %d)", name, identifier, why,
                wait, attempt + 1, maxAttempts);
        Thread.sleep(wait.toMillis());
    }

    /** Polls {@code check_limit} until IA says the item and key are no longer over their limit (bounded). */
    private void awaitLimit(String identifier) throws InterruptedException {
        URI uri = URI.create(s3Url + "/?check_limit=1&accesskey=" + enc(accessKey) + "&bucket=" + enc(identifier));
        for (int i = 0; i < maxAttempts; i++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET()
                        .build(), HttpResponse.BodyHandlers.ofString());
                JsonNode n = Json.MAPPER.readTree(r.body());
                if (r.statusCode() != 200 || n.path("over_limit").asInt(0) == 0) {
                    return;
                }
            } catch (IOException e) {
                return; // the PUT retry will tell
            }
            LOG.infof("IA-S3 says %s is over its limit; waiting %s", identifier, retryDelay);
            Thread.sleep(retryDelay.toMillis());
        }
    }

    /** Name to MD5 of the files the metadata API listed for the item; empty for a new item or on error. */
    private static Map<String, String> md5s(JsonNode item, String identifier) {
        Map<String, String> md5s = new HashMap<>();
        if (item == null) {
            LOG.warnf("Could not list the files of %s on IA; uploading every file", identifier);
            return md5s;
        }
        for (JsonNode f : item.path("files")) {
            if (f.hasNonNull("name") && f.hasNonNull("md5")) {
                md5s.put(f.get("name").asText(), f.get("md5").asText());
            }
        }
        return md5s;
    }

    /** The item as the metadata API describes it ({@code {}} when it does not exist), or null when unreadable. */
    private JsonNode remoteItem(String identifier) throws InterruptedException {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(iaUrl + "/metadata/"
                        + enc(identifier))).timeout(Duration.ofSeconds(60)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return Json.MAPPER.readTree(r.body());
                }
                LOG.warnf("IA metadata for %s answered HTTP %d (attempt %d)", identifier, r.statusCode(), attempt);
            } catch (IOException e) {
                LOG.warnf("IA metadata for %s failed: %s (attempt %d)", identifier, e.getClass().getSimpleName(),
                        attempt);
            }
            Thread.sleep(Math.min(retryDelay.toMillis(), 2000L * attempt));
        }
        return null;
    }

    static byte[] md5(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }

    private static String s3Code(String body) {
        Matcher m = CODE.matcher(body);
        return m.find() ? m.group(1) : "";
    }

    private static String path(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("/")) {
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(enc(part).replace("+", "%20"));
        }
        return sb.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
