package mapillary.archive.common.http;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPacerTest {

    @Test
    void zeroMeansUnlimited() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0);

        for (int i = 0; i < 10_000; i++) {
            pacer.acquire();
        }
    }

    @Test
    void theFirstRequestGoesAtOnceAndTheNextWaitsForItsSlot() throws Exception {
        RequestPacer pacer = new RequestPacer(1);
        AtomicInteger acquired = new AtomicInteger();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                pacer.acquire();
                acquired.incrementAndGet();
                pacer.acquire();
                acquired.incrementAndGet();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });

        while (t.getState() != Thread.State.TIMED_WAITING && !outcome.isDone()) {
            Thread.onSpinWait();
        }
        assertThat(acquired).hasValue(1);
        t.interrupt();
        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(acquired).hasValue(1);
    }
}
