package mapillary.archive.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Shows a harvest's progress: on a terminal one line redrawn in place; otherwise (CI, a log file) a plain line when
 * the status changes and at most every {@code plainEvery} while the counts move (not for rate or ETA alone).
 */
public class ProgressPrinter {

    private final PrintStream out;
    private final boolean bar;
    private final int width;
    private final Duration plainEvery;
    private String lastStatus;
    private HarvestInfo.Counts lastCounts;
    private Instant lastPrinted = Instant.MIN;
    private boolean lineOpen;

    public ProgressPrinter(PrintStream out, boolean bar, int width, Duration plainEvery) {
        this.out = out;
        this.bar = bar;
        this.width = width;
        this.plainEvery = plainEvery;
    }

    public void update(HarvestInfo h, Instant now) {
        if (bar) {
            out.print("\r" + ProgressLine.withBar(h, width) + "\033[K");
            out.flush();
            lineOpen = true;
            return;
        }
        String line = ProgressLine.plain(h);
        boolean statusChanged = !Objects.equals(lastStatus, h.status());
        boolean moved = !Objects.equals(lastCounts, h.countsOrZero());
        boolean due = moved && !now.isBefore(lastPrinted.plus(plainEvery));
        if (statusChanged || due || h.isFinal() && moved) {
            out.println(line);
            out.flush();
            lastPrinted = now;
            lastCounts = h.countsOrZero();
        }
        lastStatus = h.status();
    }

    /** Ends the redrawn line so what follows starts on its own line. */
    public void finish() {
        if (lineOpen) {
            out.println();
            out.flush();
            lineOpen = false;
        }
    }
}
