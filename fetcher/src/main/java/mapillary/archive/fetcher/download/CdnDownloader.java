package mapillary.archive.fetcher.download;

import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.http.Backoff;
import mapillary.archive.common.http.RetryAfter;
import mapillary.archive.fetcher.storage.StorageFullException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads one image from the CDN into a file, with the retry rules of DESIGN §3: backoff on 5xx, 408, 429
 * (honouring Retry-After), timeouts, resets and truncated bodies; fail fast on 404/410 and other 4xx; refresh an
 * expired signed URL through the API. No Authorization header is ever sent to the CDN.
 */
public final class CdnDownloader {

    /** The CDN's answer when a signed URL is too old. */
    public static final String URL_EXPIRED = "URL signature expired";

    /** Start of the reason for a body above {@code fetcher.max-image-bytes}. */
    public static final String TOO_LARGE = "too-large";

    private static final Logger LOG = Logger.getLogger(CdnDownloader.class);

    private final HttpClient http;
    private final Backoff backoff;
    private final Duration requestTimeout;
    private final UrlRefresher refresher;
    private final int maxRefreshes;
    private final long maxBytes;

    /** Default body limit: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    public CdnDownloader(HttpClient http, Backoff backoff, Duration requestTimeout, UrlRefresher refresher,
                         int maxRefreshes) {
        this(http, backoff, requestTimeout, refresher, maxRefreshes, DEFAULT_MAX_BYTES);
    }

    /** @param maxBytes the largest body accepted; a larger one fails with {@link #TOO_LARGE}, without retries */
    public CdnDownloader(HttpClient http, Backoff backoff, Duration requestTimeout, UrlRefresher refresher,
                         int maxRefreshes, long maxBytes) {
        this.http = http;
        this.backoff = backoff;
        this.requestTimeout = requestTimeout;
        this.refresher = refresher;
        this.maxRefreshes = maxRefreshes;
        this.maxBytes = maxBytes > 0 ? maxBytes : Long.MAX_VALUE;
    }

    /**
     * Downloads {@code url} into {@code target} (created or truncated), retrying as needed.
     *
     * @throws InterruptedException when the thread is interrupted (shutdown); the task is then not finished
     */
    public DownloadResult download(String imageId, Quality quality, String url, Path target)
            throws InterruptedException {
        String current = url;
        int refreshes = 0;
        String reason = "no attempt";
        for (int attempt = 1; ; attempt++) {
            Duration serverWait = null;
            boolean retryable;
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(current))
                        .timeout(requestTimeout)
                        .header("Accept", "image/jpeg,image/*;q=0.8,*/*;q=0.5")
                        .GET().build();
                HttpResponse<String> response = send(request, info -> info.statusCode() == 200
                        ? HttpResponse.BodySubscribers.mapping(new LimitedBody<>(HttpResponse.BodySubscribers.ofFile(
                        target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE), maxBytes,
                        info.headers().firstValueAsLong("Content-Length").orElse(-1)), p -> null)
                        : HttpResponse.BodySubscribers.mapping(new LimitedBody<>(
                        HttpResponse.BodySubscribers.ofByteArray(), 64 * 1024, -1),
                        b -> new String(b, 0, Math.min(b.length, 512), StandardCharsets.UTF_8)));
                int status = response.statusCode();
                if (status == 200) {
                    long size = Files.size(target);
                    Optional<String> problem = checkBody(response, target, size);
                    if (problem.isEmpty()) {
                        return new DownloadResult.Ok(size, attempt);
                    }
                    reason = problem.get();
                    retryable = true;
                } else if (status == 403 && response.body() != null && response.body().contains(URL_EXPIRED)) {
                    if (refreshes >= maxRefreshes) {
                        return new DownloadResult.Failed(URL_EXPIRED + " (refreshed " + refreshes + " times)", attempt);
                    }
                    refreshes++;
                    try {
                        current = refresher.refresh(imageId, quality);
                    } catch (UrlRefresher.RefreshFailedException e) {
                        return new DownloadResult.Failed(URL_EXPIRED + "; refresh failed: " + e.getMessage(), attempt);
                    }
                    LOG.debugf("image %s: CDN URL expired, refreshed (%d)", imageId, refreshes);
                    attempt--; // a refreshed URL is a new start, not a failed attempt
                    continue;
                } else if (status == 404 || status == 410) {
                    return new DownloadResult.Failed("HTTP " + status + " from CDN (image gone)", attempt);
                } else if (status == 408 || status == 429 || status >= 500) {
                    reason = "HTTP " + status + " from CDN";
                    retryable = true;
                    serverWait = response.headers().firstValue("Retry-After").flatMap(RetryAfter::parse).orElse(null);
                } else {
                    return new DownloadResult.Failed("HTTP " + status + " from CDN", attempt);
                }
            } catch (HttpTimeoutException e) {
                reason = "timeout";
                retryable = true;
            } catch (ConnectException e) {
                reason = "connection failed";
                retryable = true;
            } catch (IOException e) {
                Optional<LimitedBody.TooLargeException> tooLarge = LimitedBody.tooLarge(e);
                if (tooLarge.isPresent() && tooLarge.get().limit() == maxBytes) {
                    return new DownloadResult.Failed(TOO_LARGE + ": " + tooLarge.get().getMessage(), attempt);
                }
                if (StorageFullException.isNoSpace(e)) {
                    throw new StorageFullException("no space left on device while downloading", e);
                }
                reason = tooLarge.isPresent() ? "oversized error body" : "connection error: " + safeMessage(e);
                retryable = true;
            } catch (IllegalArgumentException e) {
                return new DownloadResult.Failed("invalid URL", attempt);
            }
            if (!retryable || !backoff.canRetryAfter(attempt)) {
                return new DownloadResult.Failed("download failed after " + attempt + " attempts: " + reason, attempt);
            }
            Duration delay = backoff.delayAfter(attempt);
            if (serverWait != null && serverWait.compareTo(delay) > 0) {
                delay = serverWait.compareTo(backoff.cap()) > 0 ? backoff.cap() : serverWait;
            }
            LOG.debugf("image %s: attempt %d/%d failed (%s), retrying in %d ms", imageId, attempt,
                    backoff.maxAttempts(), reason, delay.toMillis());
            Thread.sleep(delay);
        }
    }

    /**
     * Sends and waits for the whole response, body included, at most the request timeout (the client's own timeout
     * ends when the headers arrive, so a body that trickles in would hold the image forever).
     */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> future = http.sendAsync(request, handler);
        try {
            return future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("response not complete within " + requestTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(cause);
        }
    }

    /** Empty when the body is whole: its length matches Content-Length and a JPEG ends with EOI. */
    static Optional<String> checkBody(HttpResponse<?> response, Path file, long size) throws IOException {
        Optional<Long> declared = response.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst();
        if (declared.isPresent() && declared.get() != size) {
            return Optional.of("truncated body (" + size + " of " + declared.get() + " bytes)");
        }
        if (size == 0) {
            return Optional.of("empty body");
        }
        Optional<String> problem = JpegCheck.problem(file);
        Optional<String> type = response.headers().firstValue("Content-Type");
        if (problem.isPresent() && type.isPresent() && !type.get().toLowerCase(java.util.Locale.ROOT).startsWith("image/")) {
            String t = type.get().strip();
            return Optional.of(problem.get() + ", Content-Type " + (t.length() > 40 ? t.substring(0, 40) : t));
        }
        return problem;
    }

    private static String safeMessage(IOException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        m = m.replaceAll("https?://\\S+", "<url>");
        return m.length() > 120 ? m.substring(0, 120) + "..." : m;
    }
}
