package mapillary.archive.common.http;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The original's generic retrying GET (spec §13.4): each transport error or answer the reader rejects is retried
 * after the backoff's wait, logging "Request failed (attempt k/N): ..." and "Retrying in d seconds...".
 */
public final class RetryingGet {

    private static final Logger LOG = Logger.getLogger(RetryingGet.class);

    private final HttpClient http;
    private final Backoff backoff;

    public RetryingGet(HttpClient http, Backoff backoff) {
        this.http = http;
        this.backoff = backoff;
    }

    /** Turns a response into a value, or throws {@link Retry} when the answer is not usable (yet). */
    @FunctionalInterface
    public interface Reader<T> {
        T read(HttpResponse<byte[]> response) throws IOException, Retry;
    }

    /** A response that should be retried, with the reason to log and report. */
    public static final class Retry extends Exception {
        public Retry(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Every attempt failed; the message is the last failure. */
    public static final class Failure extends Exception {
        public Failure(String reason) {
            super(reason);
        }
    }

    public Backoff backoff() {
        return backoff;
    }

    /** Sends {@code request} until {@code reader} accepts an answer or the attempts run out. */
    public <T> T get(HttpRequest request, Reader<T> reader) throws Failure, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            String failure;
            try {
                return reader.read(http.send(request, HttpResponse.BodyHandlers.ofByteArray()));
            } catch (Retry e) {
                failure = e.getMessage();
            } catch (IOException | RuntimeException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            LOG.warnf("Request failed (attempt %d/%d): %s", attempt, backoff.maxAttempts(), failure);
            if (!backoff.canRetryAfter(attempt)) {
                throw new Failure(failure);
            }
            Duration wait = backoff.delayAfter(attempt);
            LOG.infof("Retrying in %.1f seconds...", wait.toMillis() / 1000.0);
            Thread.sleep(wait);
        }
    }
}
