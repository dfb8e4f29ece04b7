package mapillary.archive.archiver.tar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The names of a date's tars: {@code <date>.tar}, then addenda {@code <date>.1.tar}, {@code <date>.2.tar}, ... */
public final class TarNames {

    private static final Pattern TAR = Pattern.compile("(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2}|unknown-date)(?:\\.(?<n>[1-9][0-9]*))?\\.tar");

    private TarNames() {
    }

    /** The first free tar name for {@code date} in {@code collectionDir}: existing tars are never overwritten. */
    public static String firstFree(Path collectionDir, String date) {
        String name = date + ".tar";
        for (int n = 1; Files.exists(collectionDir.resolve(name)); n++) {
            name = date + "." + n + ".tar";
        }
        return name;
    }

    /** The date a tar name belongs to, or null when it is not a date tar. */
    public static String dateOf(String tarName) {
        Matcher m = TAR.matcher(tarName);
        return m.matches() ? m.group("date") : null;
    }

    /** Every date tar at the root of {@code collectionDir}, in name order; {@code date} null means all dates. */
    public static List<Path> existing(Path collectionDir, String date) throws IOException {
        if (!Files.isDirectory(collectionDir)) {
            return List.of();
        }
        List<Path> tars = new ArrayList<>();
        try (Stream<Path> s = Files.list(collectionDir)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                String d = dateOf(p.getFileName().toString());
                if (d != null && (date == null || d.equals(date))) {
                    tars.add(p);
                }
            });
        }
        tars.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return tars;
    }
}
