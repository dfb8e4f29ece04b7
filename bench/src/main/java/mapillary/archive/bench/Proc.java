package mapillary.archive.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads what the benchmarks measure of a process from Linux's /proc: CPU time and resident memory. */
public final class Proc {

    /** Clock ticks per second of {@code /proc/<pid>/stat}'s utime and stime (USER_HZ, 100 on Linux). */
    static final long TICKS_PER_SECOND = 100;

    private Proc() {
    }

    /** utime + stime of {@code pid} in milliseconds, or -1 when the process is gone. */
    public static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /** cutime + cstime of {@code pid} in milliseconds: CPU of its children that it has waited for (e.g. cwebp). */
    public static long childCpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /** A {@code /proc/<pid>/status} field in kB (VmRSS, VmHWM), or -1. */
    public static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended
        }
        return -1;
    }

    /** Resets VmHWM to the current RSS ({@code echo 5 > /proc/<pid>/clear_refs}); false where not allowed. */
    public static boolean resetPeakRss(long pid) {
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException notAllowed) {
            return false;
        }
    }

    /** The 1-minute load average. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
