package mapillary.archive.common.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Bytes of the regular files below a directory: a collection's size for events, logs and measurements. */
public final class DirectorySize {

    private DirectorySize() {
    }

    /** Sum of the sizes of every regular file below {@code dir}; 0 when it does not exist or files vanish meanwhile. */
    public static long bytes(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(DirectorySize::sizeOrZero).sum();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
