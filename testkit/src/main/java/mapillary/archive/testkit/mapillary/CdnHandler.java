package mapillary.archive.testkit.mapillary;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image CDN side of {@link FakeMapillary}: verifies the {@code oh} signature and the {@code oe} expiry like
 * fbcdn, then serves the pre-generated JPEG bytes (or an injected fault).
 */
final class CdnHandler implements HttpHandler {

    private static final Pattern PATH = Pattern.compile("/m1/v/t6/(\\d{1,19})_(256|1024|2048|original)\\.jpg");

    private final FakeMapillary fake;

    CdnHandler(FakeMapillary fake) {
        this.fake = fake;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        Query q = new Query(ex.getRequestURI().getRawQuery());
        boolean auth = ex.getRequestHeaders().containsKey("Authorization");
        Faults faults = fake.faults();
        ApiHandler.sleep(faults.cdnLatency());
        int status;
        byte[] body = null;
        Faults.TruncateMode truncate = null;
        String text = null;
        boolean html = false;
        Matcher m = PATH.matcher(path);
        int fail = faults.cdnFailure();
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            status = 405;
            text = "Method Not Allowed";
        } else if (fail != 0) {
            status = fail;
            text = fail == 503 ? "Service Unavailable" : fail == 502 ? "Bad Gateway" : "Internal Server Error";
        } else if (!m.matches()) {
            status = 404;
            text = "Not Found";
        } else {
            String id = m.group(1);
            String quality = m.group(2);
            String oe = q.get("oe");
            long generation = parseLong(q.get("_nc_gid"));
            SyntheticUser user = fake.userOfId(id);
            if (oe == null || generation < 0 || !fake.signer().verify(id, quality, oe, generation, q.get("oh"))) {
                status = 403;
                text = "Bad signature";
            } else if (faults.generationExpired(generation) || expired(oe)) {
                status = 403;
                text = "URL signature expired";
            } else if (faults.imageStatus(id) != 0) {
                status = faults.imageStatus(id);
                text = status == 404 ? "Not Found" : "Gone";
            } else if (user == null) {
                status = 404;
                text = "Not Found";
            } else {
                SyntheticImage r = user.record(user.indexOf(id).getAsInt());
                status = 200;
                body = fake.jpegs().bytes(id, quality, r.pano());
                truncate = faults.truncation(faults.cdnRequestNumber());
                if (faults.htmlPage()) {
                    body = null;
                    html = true;
                    text = "<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Sorry, something went"
                            + " wrong.</h1><p>We're working on it and we'll get it fixed as soon as we can.</p>"
                            + "</body></html>";
                }
            }
        }
        fake.requests().add(new RequestLog.Entry(RequestLog.Endpoint.CDN, ex.getRequestMethod(), path, q.redacted(),
                auth, q.values.containsKey("access_token"), status, Instant.now()));
        var h = ex.getResponseHeaders();
        if (body == null) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            h.set("Content-Type", html ? "text/html; charset=utf-8" : "text/plain");
            h.set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(status, ex.getRequestMethod().equals("HEAD") ? -1 : bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                if (!ex.getRequestMethod().equals("HEAD")) {
                    os.write(bytes);
                }
            }
            ex.close();
            return;
        }
        h.set("Content-Type", "image/jpeg");
        h.set("Cache-Control", "max-age=1209600, no-transform");
        h.set("Access-Control-Allow-Origin", "*");
        if (ex.getRequestMethod().equals("HEAD")) {
            h.set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(200, -1);
            ex.close();
            return;
        }
        if (truncate == Faults.TruncateMode.SHORT_BODY) {
            int cut = cutPoint(body);
            ex.sendResponseHeaders(200, cut);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body, 0, cut);
            }
            ex.close();
        } else if (truncate == Faults.TruncateMode.CLOSE_EARLY) {
            ex.sendResponseHeaders(200, body.length);
            OutputStream os = ex.getResponseBody();
            os.write(body, 0, cutPoint(body));
            os.flush();
            // leaving the handler with an exception makes the server drop the connection mid-body
            throw new IOException("fault injection: connection closed before the end of the body");
        } else {
            java.time.Duration slow = faults.cdnBodyDuration();
            ex.sendResponseHeaders(200, faults.cdnChunked() ? 0 : body.length);
            try (OutputStream os = ex.getResponseBody()) {
                if (slow.isZero() || slow.isNegative()) {
                    os.write(body);
                } else {
                    int pieces = 20;
                    int step = Math.max(1, (body.length + pieces - 1) / pieces);
                    for (int off = 0; off < body.length; off += step) {
                        os.write(body, off, Math.min(step, body.length - off));
                        os.flush();
                        ApiHandler.sleep(slow.dividedBy(pieces));
                    }
                }
            }
            ex.close();
        }
    }

    private static int cutPoint(byte[] body) {
        return Math.max(2, body.length / 2);
    }

    private static boolean expired(String oe) {
        try {
            long expiry = Long.parseLong(oe, 16);
            return Instant.now().getEpochSecond() > expiry;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static long parseLong(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
