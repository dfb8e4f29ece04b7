package mapillary.archive.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures processes over one run: CPU time (growth of utime + stime plus cutime + cstime, so that the cwebp
 * processes a fetcher waits for count as its CPU) and peak RSS (VmHWM after resetting it at the
 * start through {@code clear_refs}; where that is not allowed, the highest VmRSS sampled every 100 ms).
 */
public final class ProcessMeter implements AutoCloseable {

    private final Map<String, Long> pids;
    private final Map<String, Long> cpuAtStart = new LinkedHashMap<>();
    private final Map<String, Long> sampledRssKb = new ConcurrentHashMap<>();
    private final Map<String, Boolean> peakReset = new LinkedHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    /** Starts measuring the processes {@code pids} (name to pid). */
    public ProcessMeter(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
        pids.forEach((name, pid) -> {
            peakReset.put(name, Proc.resetPeakRss(pid));
            cpuAtStart.put(name, totalCpu(pid));
        });
        sampler = Thread.ofPlatform().daemon().name("bench-rss-sampler").start(this::sample);
    }

    /** CPU milliseconds each process (with its waited-for children) used since the start. */
    public Map<String, Long> cpuMillis() {
        Map<String, Long> used = new LinkedHashMap<>();
        pids.forEach((name, pid) -> used.put(name, Math.max(0, totalCpu(pid) - cpuAtStart.get(name))));
        return used;
    }

    /** Peak RSS in kB of each process since the start. */
    public Map<String, Long> peakRssKb() {
        Map<String, Long> peaks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            long sampled = sampledRssKb.getOrDefault(name, -1L);
            long hwm = peakReset.get(name) ? Proc.statusKb(pid, "VmHWM") : -1;
            peaks.put(name, Math.max(hwm, sampled));
        });
        return peaks;
    }

    private static long totalCpu(long pid) {
        return Proc.cpuMillis(pid) + Math.max(0, Proc.childCpuMillis(pid));
    }

    /** The group of a process name: {@code fetcher-2} belongs to {@code fetcher}. */
    public static String group(String name) {
        return name.replaceFirst("-[0-9]+$", "");
    }

    private void sample() {
        while (running) {
            pids.forEach((name, pid) -> {
                long rss = Proc.statusKb(pid, "VmRSS");
                if (rss > 0) {
                    sampledRssKb.merge(name, rss, Math::max);
                }
            });
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
