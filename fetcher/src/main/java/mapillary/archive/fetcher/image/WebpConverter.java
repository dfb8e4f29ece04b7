package mapillary.archive.fetcher.image;

import org.jboss.logging.Logger;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Converts a tagged JPEG to WebP with {@code cwebp -metadata all} (spec §9: EXIF and XMP carried over, cwebp's
 * default quality), running at most a few conversions at once so CPU-bound work does not pile up.
 */
public final class WebpConverter {

    /** The Debian package that provides cwebp, named in every "missing" message. */
    public static final String DEBIAN_PACKAGE = "webp";

    private static final Logger LOG = Logger.getLogger(WebpConverter.class);

    private final String command;
    private final Optional<Path> executable;
    private final Semaphore slots;

    public WebpConverter(String command, int maxConcurrency) {
        this.command = command;
        this.executable = resolve(command);
        this.slots = new Semaphore(Math.max(1, maxConcurrency), true);
    }

    /** True when cwebp was found at startup. */
    public boolean available() {
        return executable.isPresent();
    }

    public Optional<Path> executable() {
        return executable;
    }

    /** What to tell an operator when cwebp is missing. */
    public String missingMessage() {
        return "cwebp not found (" + command + "): install the Debian package '" + DEBIAN_PACKAGE
                + "' (apt-get install " + DEBIAN_PACKAGE + ") or set fetcher.webp.cwebp";
    }

    /**
     * Runs {@code cwebp -metadata all <jpeg> -o <webp>}.
     *
     * @throws ConversionFailedException with a readable reason when cwebp is missing or fails
     */
    public void convert(Path jpeg, Path webp) throws InterruptedException {
        if (executable.isEmpty()) {
            throw new ConversionFailedException(missingMessage());
        }
        slots.acquire();
        Process process = null;
        try {
            process = new ProcessBuilder(List.of(executable.get().toString(), "-metadata", "all",
                    jpeg.toString(), "-o", webp.toString()))
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            int exit = process.waitFor();
            if (exit != 0) {
                LOG.errorf("cwebp conversion failed for %s: %s", jpeg, output);
                throw new ConversionFailedException("cwebp exited with " + exit + lastLine(output));
            }
            if (!Files.isRegularFile(webp) || Files.size(webp) == 0) {
                throw new ConversionFailedException("cwebp wrote no output");
            }
        } catch (IOException e) {
            LOG.errorf("Error converting %s to WebP: %s", jpeg, e.toString());
            throw new ConversionFailedException("cwebp could not run: " + e.getMessage());
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                awaitExit(process); // so that it writes nothing after the caller removed its temp files
            }
            slots.release();
        }
    }

    private static void awaitExit(Process process) {
        boolean interrupted = Thread.interrupted();
        try {
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String lastLine(String output) {
        if (output.isBlank()) {
            return "";
        }
        String[] lines = output.split("\n");
        String last = lines[lines.length - 1].strip();
        return ": " + (last.length() > 160 ? last.substring(0, 160) : last);
    }

    /** Finds the executable: an explicit path, or a name on PATH. */
    static Optional<Path> resolve(String command) {
        if (command == null || command.isBlank()) {
            return Optional.empty();
        }
        if (command.contains(File.separator)) {
            Path p = Path.of(command);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** A conversion that did not produce a WebP; the message is readable and safe to publish. */
    public static class ConversionFailedException extends RuntimeException {
        public ConversionFailedException(String message) {
            super(message);
        }
    }
}
