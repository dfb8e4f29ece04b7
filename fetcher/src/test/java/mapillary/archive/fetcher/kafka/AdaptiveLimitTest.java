package mapillary.archive.fetcher.kafka;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-flight limit grows with throughput, steps back when it drops, and backs off on trouble. */
class AdaptiveLimitTest {

    private final AtomicLong now = new AtomicLong();
    private final AdaptiveLimit limit = new AdaptiveLimit(
            new AdaptiveLimit.Settings(4, 256, 16, Duration.ofSeconds(1)), now::get);

    /** One window: the limit is filled, {@code completions} finish (some troubled), then the clock moves on. */
    private void window(int completions, int troubled) throws InterruptedException {
        while (limit.inFlight() < limit.limit()) {
            limit.acquire();
        }
        for (int i = 0; i < completions; i++) {
            if (i == completions - 1) {
                now.addAndGet(Duration.ofSeconds(1).toNanos());
            }
            limit.release(i < troubled);
            if (limit.inFlight() < limit.limit()) {
                limit.acquire();
            }
        }
    }

    @Test
    void growsWhileThroughputGrows() throws Exception {
        int before = limit.limit();
        window(100, 0);
        int afterFirst = limit.limit();
        window(200, 0);
        window(400, 0);
        assertThat(afterFirst).isGreaterThan(before);
        assertThat(limit.limit()).isGreaterThan(afterFirst).isLessThanOrEqualTo(256);
    }

    @Test
    void neverExceedsTheMaximum() throws Exception {
        for (int i = 1; i <= 40; i++) {
            window(100 * i, 0);
        }
        assertThat(limit.limit()).isEqualTo(256);
    }

    @Test
    void stepsBackWhenThroughputDrops() throws Exception {
        window(100, 0);
        window(200, 0);
        int high = limit.limit();
        window(50, 0);
        assertThat(limit.limit()).isLessThan(high);
    }

    @Test
    void backsOffWhenTroubleRises() throws Exception {
        window(100, 0);
        window(200, 0);
        int high = limit.limit();
        window(200, 60);
        assertThat(limit.limit()).isLessThanOrEqualTo((int) (high * 0.75));
        for (int i = 0; i < 20; i++) {
            window(100, 50);
        }
        assertThat(limit.limit()).isEqualTo(4);
    }

    @Test
    void doesNotGrowWhenTheLimitIsNotReached() throws Exception {
        int before = limit.limit();
        for (int round = 0; round < 5; round++) {
            limit.acquire();
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            limit.release(false);
        }
        assertThat(limit.limit()).isEqualTo(before);
    }

    @Test
    void aFullLimitBlocksUntilASlotIsFree() throws Exception {
        AdaptiveLimit fixed = new AdaptiveLimit(new AdaptiveLimit.Settings(2, 2, 2, Duration.ofHours(1)));
        fixed.acquire();
        fixed.acquire();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                fixed.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.join(200);
        assertThat(waiter.isAlive()).isTrue();
        fixed.release(false);
        waiter.join(5000);
        assertThat(waiter.isAlive()).isFalse();
        assertThat(fixed.inFlight()).isEqualTo(2);
    }
}
