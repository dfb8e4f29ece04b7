package mapillary.archive.cli;

import mapillary.archive.common.collection.Bbox;
import mapillary.archive.common.collection.Quality;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The {@code harvest} command's options, parsed and checked. */
public record HarvestOptions(List<String> usernames, String quality, String bbox, boolean webp, boolean tar,
                             boolean checkIa, boolean force, URI url, Optional<String> apiKey,
                             Optional<String> dataDir, Progress progress, Duration pollInterval, URI iaUrl) {

    /** How progress is shown: AUTO picks BAR on a terminal, PLAIN otherwise. */
    public enum Progress { AUTO, BAR, PLAIN }

    public static final String DEFAULT_URL = "http://127.0.0.1:8081";

    static final Set<String> VALUES = Set.of("--quality", "--bbox", "--url", "--api-key", "--data-dir", "--progress",
            "--poll-interval");
    static final Set<String> FLAGS = Set.of("--no-webp", "--no-tar", "--no-check-ia", "--force", "-h", "--help");

    public static final String USAGE = """
            usage: mapillary-archive harvest [--quality {256,1024,2048,original}] [--bbox W,S,E,N] [--no-webp]
                                             [--no-tar] [--no-check-ia] [--force] [--url URL] [--api-key KEY]
                                             [--data-dir DIR] [--progress {auto,bar,plain}] USERNAME [USERNAME ...]

            Archives each user in turn through the harvester and follows it to the end.

              --quality Q       thumbnail size to fetch: 256, 1024, 2048 or original (default: original)
              --bbox W,S,E,N    only images inside this bounding box (a separate collection)
              --no-webp         keep JPEGs (WebP conversion is enabled by default, saves ~70% disk space)
              --no-tar          don't tar date directories (keep individual files)
              --no-check-ia     skip the archive.org existence check
              --force           harvest even if the collection is already finished locally or on archive.org
              --url URL         harvester base URL (default: http://127.0.0.1:8081)
              --api-key KEY     harvester API key, sent as a bearer token (default: env HARVESTER_API_KEY;
                                prefer the variable: arguments are visible to other local users)
              --data-dir DIR    the harvester's ARCHIVE_DATA_DIR, to print the finished collection's path
                                (default: env ARCHIVE_DATA_DIR)
              --progress MODE   auto (a bar on a terminal, plain lines otherwise), bar or plain

            Exit status: 0 when every user is archived or skipped, 1 when any failed, 2 for usage errors.
            """;

    /** Parses the arguments after {@code harvest}; {@link UsageException} for what argparse would reject. */
    public static HarvestOptions parse(List<String> argv, Io io) {
        Args a = Args.parse(argv, VALUES, FLAGS);
        String quality = a.value("--quality").orElse("original");
        if (Quality.parse(quality).isEmpty()) {
            throw new UsageException("argument --quality: invalid choice: '" + quality
                    + "' (choose from '256', '1024', '2048', 'original')");
        }
        String bbox = a.value("--bbox").orElse(null);
        if (bbox != null) {
            try {
                Bbox.parse(bbox);
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException("Error: " + e.getMessage());
            }
        }
        Progress progress = switch (a.value("--progress").orElse("auto")) {
            case "auto" -> Progress.AUTO;
            case "bar" -> Progress.BAR;
            case "plain" -> Progress.PLAIN;
            default -> throw new UsageException("argument --progress: invalid choice: '"
                    + a.value("--progress").get() + "' (choose from 'auto', 'bar', 'plain')");
        };
        Duration poll;
        try {
            double seconds = Double.parseDouble(a.value("--poll-interval").orElse("1"));
            if (!(seconds > 0 && seconds <= 60)) {
                throw new NumberFormatException();
            }
            poll = Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException e) {
            throw new UsageException("argument --poll-interval: seconds between 0 and 60 expected, got '"
                    + a.value("--poll-interval").orElse("") + "'");
        }
        URI url = Urls.base("--url", a.value("--url").orElse(DEFAULT_URL));
        URI ia = Urls.base("IA_URL", io.env("IA_URL").orElse("https://archive.org"));
        Optional<String> apiKey = a.value("--api-key").or(() -> io.env("HARVESTER_API_KEY"))
                .filter(k -> !k.isBlank());
        Optional<String> dataDir = a.value("--data-dir").or(() -> io.env("ARCHIVE_DATA_DIR"));
        return new HarvestOptions(a.positional(), quality, bbox, !a.flag("--no-webp"), !a.flag("--no-tar"),
                !a.flag("--no-check-ia"), a.flag("--force"), url, apiKey, dataDir, progress, poll, ia);
    }

    /** Never shows the API key. */
    @Override
    public String toString() {
        return "HarvestOptions[usernames=" + usernames + ", quality=" + quality + ", bbox=" + bbox + ", webp=" + webp
                + ", tar=" + tar + ", checkIa=" + checkIa + ", force=" + force + ", url=" + url + ", apiKey="
                + (apiKey.isPresent() ? "(set)" : "(none)") + ", dataDir=" + dataDir + ", progress=" + progress + "]";
    }
}
