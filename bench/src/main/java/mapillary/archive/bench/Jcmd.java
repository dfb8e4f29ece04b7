package mapillary.archive.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap of another JVM through {@code jcmd}: a full GC, then the sum of the "total ..., used ...K" lines of
 * {@code GC.heap_info} (young + old generation for Serial and Parallel GC, the one heap line for G1), without
 * Metaspace.
 */
public final class Jcmd {

    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private Jcmd() {
    }

    /** Heap used after a full GC, in kB, or -1 when jcmd is missing or answers something else. */
    public static long heapUsedAfterGcKb(long pid) {
        try {
            run(pid, "GC.run");
            return heapUsedKb(run(pid, "GC.heap_info"));
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The heap "used" of a {@code GC.heap_info} answer in kB, -1 when it has none. */
    static long heapUsedKb(String heapInfo) {
        long used = 0;
        boolean found = false;
        for (String line : heapInfo.lines().toList()) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher m = USED.matcher(line);
            if (m.find()) {
                used += Long.parseLong(m.group(1));
                found = true;
            }
        }
        return found ? used : -1;
    }

    private static String run(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
