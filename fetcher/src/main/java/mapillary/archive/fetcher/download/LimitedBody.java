package mapillary.archive.fetcher.download;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A body subscriber that refuses bodies above a limit, by their Content-Length before reading anything or by the
 * bytes counted while streaming, so a huge or endless body can neither fill the disk nor the heap.
 */
final class LimitedBody<T> implements HttpResponse.BodySubscriber<T> {

    /** The body is larger than the limit. */
    static final class TooLargeException extends IOException {
        private final long limit;

        TooLargeException(String message, long limit) {
            super(message);
            this.limit = limit;
        }

        long limit() {
            return limit;
        }
    }

    private final HttpResponse.BodySubscriber<T> delegate;
    private final long limit;
    private final long declared;
    private Flow.Subscription subscription;
    private long received;
    private boolean failed;

    /** @param declared the Content-Length, or -1 when the server sent none */
    LimitedBody(HttpResponse.BodySubscriber<T> delegate, long limit, long declared) {
        this.delegate = delegate;
        this.limit = limit;
        this.declared = declared;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        delegate.onSubscribe(s);
        if (declared > limit) {
            fail("body of " + declared + " bytes (Content-Length) above the limit of " + limit);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (failed) {
            return;
        }
        for (ByteBuffer b : items) {
            received += b.remaining();
        }
        if (received > limit) {
            fail("body above the limit of " + limit + " bytes (" + received + " received)");
            return;
        }
        delegate.onNext(items);
    }

    @Override
    public void onError(Throwable t) {
        if (!failed) {
            failed = true;
            delegate.onError(t);
        }
    }

    @Override
    public void onComplete() {
        if (!failed) {
            delegate.onComplete();
        }
    }

    @Override
    public CompletionStage<T> getBody() {
        return delegate.getBody();
    }

    private void fail(String message) {
        failed = true;
        subscription.cancel();
        delegate.onError(new TooLargeException(message, limit));
    }

    /** The {@link TooLargeException} in {@code e}'s causes, if any. */
    static Optional<TooLargeException> tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLargeException x) {
                return Optional.of(x);
            }
        }
        return Optional.empty();
    }
}
