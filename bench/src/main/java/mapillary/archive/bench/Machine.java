package mapillary.archive.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine a result was measured on (cores, memory, JDK, load), written beside every figure. */
public record Machine(int cores, long memTotalMb, String cpuModel, String os, String jdk, String javaHome,
                      double load1AtStart, String cwebp) {

    public static Machine describe() {
        return new Machine(Runtime.getRuntime().availableProcessors(), readMemTotalMb(), readCpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("java.home"), Proc.loadAverage(), cwebpVersion());
    }

    /** One line for the Markdown report. */
    public String line() {
        return cores + " cores (" + cpuModel + "), " + String.format("%,d", memTotalMb) + " MB RAM, " + os + ", JDK "
                + jdk + ", cwebp " + cwebp + ", load average (1 min) at start " + load1AtStart;
    }

    private static long readMemTotalMb() {
        return procLine("/proc/meminfo", "MemTotal:").map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024)
                .orElse(-1L);
    }

    private static String readCpuModel() {
        return procLine("/proc/cpuinfo", "model name").map(l -> l.substring(l.indexOf(':') + 1).strip())
                .orElse("unknown");
    }

    private static java.util.Optional<String> procLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static String cwebpVersion() {
        try {
            Process p = new ProcessBuilder(List.of("cwebp", "-version")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return p.exitValue() == 0 ? out.lines().findFirst().orElse("?") : "missing";
        } catch (IOException e) {
            return "missing";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
