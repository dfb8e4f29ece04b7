package mapillary.archive.fetcher.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The free-space guard: low below the minimum or after "No space left on device", back when space is. */
class DiskGuardTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    private final AtomicLong free = new AtomicLong();
    private final List<Boolean> changes = new CopyOnWriteArrayList<>();

    private DiskGuard guard(long minFree, Duration interval) {
        return new DiskGuard(dir, minFree, interval, d -> free.get(), changes::add);
    }

    @Test
    void belowTheMinimumItIsLowWithAClearMessageAndRecoversWhenSpaceIsBack() {
        DiskGuard guard = guard(GIB, Duration.ofSeconds(5));
        free.set((long) (0.4 * GIB));
        DiskGuard.Status low = guard.check();
        assertThat(low.ok()).isFalse();
        assertThat(low.message()).isEqualTo("data dir " + dir.toAbsolutePath().normalize()
                + ": 0.4 GB free, below the 1 GB minimum");
        assertThat(changes).last().isEqualTo(true);

        free.set(2 * GIB);
        assertThat(guard.check().ok()).isTrue();
        assertThat(guard.status().message()).contains("2 GB free");
        assertThat(changes).last().isEqualTo(false);
    }

    @Test
    void zeroDisablesTheMinimum() {
        DiskGuard guard = guard(0, Duration.ofSeconds(5));
        free.set(0);
        assertThat(guard.check().ok()).isTrue();
    }

    @Test
    void theRealFileStoreIsMeasured() {
        DiskGuard guard = new DiskGuard(dir.resolve("not/yet/created"), 1, Duration.ofSeconds(5),
                FreeSpace.FILE_STORE, changes::add);
        DiskGuard.Status s = guard.check();
        assertThat(s.freeBytes()).isPositive();
        assertThat(s.ok()).isTrue();
    }

    @Test
    void aFullDiskReportMakesCallersWaitUntilACheckAfterOneIntervalFindsSpace() throws Exception {
        DiskGuard guard = guard(GIB, Duration.ofMillis(200));
        free.set(10 * GIB);
        guard.check();
        guard.reportFull();
        assertThat(guard.status().ok()).isFalse();
        assertThat(guard.status().message()).contains("no space left on device");
        assertThat(changes).last().isEqualTo(true);

        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                guard.awaitSpace();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(waiter.join(Duration.ofSeconds(10))).as("awaitSpace returned").isTrue();
        assertThat(guard.status().ok()).isTrue();
        assertThat(changes).last().isEqualTo(false);
    }

    @Test
    void awaitSpaceWaitsWhileLowAndIsInterruptible() throws Exception {
        DiskGuard guard = guard(GIB, Duration.ofMillis(100));
        free.set(0);
        guard.check();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                guard.awaitSpace();
            } catch (InterruptedException e) {
                // expected on shutdown
            }
        });
        assertThat(waiter.join(Duration.ofMillis(300))).as("still waiting while low").isFalse();
        waiter.interrupt();
        assertThat(waiter.join(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void theOperatingSystemsNoSpaceErrorIsRecognised() throws Exception {
        Path full = Path.of("/dev/full");
        assumeThat(Files.isWritable(full)).as("/dev/full").isTrue();
        assertThatThrownBy(() -> Files.write(full, new byte[4096]))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(StorageFullException.isNoSpace(e)).isTrue());
        assertThat(StorageFullException.isNoSpace(new IOException("Connection reset"))).isFalse();
    }

    @Test
    void sizesReadLikeAnOperatorWouldWriteThem() {
        assertThat(DiskGuard.gb(GIB)).isEqualTo("1 GB");
        assertThat(DiskGuard.gb((long) (0.4 * GIB))).isEqualTo("0.4 GB");
        assertThat(DiskGuard.gb(TimeUnit.DAYS.toMillis(0))).isEqualTo("0 GB");
    }
}
