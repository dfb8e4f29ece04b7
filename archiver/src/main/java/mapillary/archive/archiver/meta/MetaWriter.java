package mapillary.archive.archiver.meta;

import mapillary.archive.common.io.AtomicFiles;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes IA metadata in rip's layout (spec §10.4): {@code .meta/<tag>/<index>}, each value UTF-8 with no trailing
 * newline, written atomically; stale higher indices of a tag are removed.
 */
public final class MetaWriter {

    public static final String DIR = ".meta";
    private static final Logger LOG = Logger.getLogger(MetaWriter.class);

    private MetaWriter() {
    }

    public static void write(Path collectionDir, Map<String, List<String>> tags) throws IOException {
        Path meta = collectionDir.resolve(DIR);
        for (Map.Entry<String, List<String>> tag : tags.entrySet()) {
            Path dir = meta.resolve(tag.getKey());
            Files.createDirectories(dir);
            List<String> values = tag.getValue();
            for (int i = 0; i < values.size(); i++) {
                AtomicFiles.writeString(dir.resolve(Integer.toString(i)), values.get(i));
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    String n = p.getFileName().toString();
                    if (n.matches("[0-9]+") && Integer.parseInt(n) >= values.size()) {
                        Files.delete(p);
                    }
                }
            }
        }
        LOG.infof("IA metadata generated in %s", meta);
    }

    /** Reads back {@code .meta}: tag to values in index order (for tests and the uploader). */
    public static Map<String, List<String>> read(Path collectionDir) throws IOException {
        Map<String, List<String>> tags = new java.util.TreeMap<>();
        Path meta = collectionDir.resolve(DIR);
        if (!Files.isDirectory(meta)) {
            return tags;
        }
        try (Stream<Path> s = Files.list(meta)) {
            for (Path dir : s.filter(Files::isDirectory).sorted().toList()) {
                List<String> values = new java.util.ArrayList<>();
                for (int i = 0; Files.exists(dir.resolve(Integer.toString(i))); i++) {
                    values.add(Files.readString(dir.resolve(Integer.toString(i))));
                }
                tags.put(dir.getFileName().toString(), values);
            }
        }
        return tags;
    }
}
