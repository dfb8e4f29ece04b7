package mapillary.archive.cli;

import java.net.URI;
import java.util.List;
import java.util.Set;

/** {@code stats}: prints the stats service's text report, the original's {@code --stats} output. */
public class StatsCommand {

    public static final String USAGE = """
            usage: mapillary-archive stats [--stats-url URL] [--refresh]

            Shows archive.org statistics for every archived collection.

              --stats-url URL   stats service base URL (default: http://127.0.0.1:8084)
              --refresh         search archive.org now instead of using the cached statistics
            """;

    public static final String DEFAULT_URL = "http://127.0.0.1:8084";
    private static final Set<String> VALUES = Set.of("--stats-url");
    private static final Set<String> FLAGS = Set.of("--refresh", "-h", "--help");

    private final StatsClient client;
    private final boolean refresh;
    private final Io io;

    StatsCommand(List<String> argv, Io io) {
        Args a = Args.parse(argv, VALUES, FLAGS);
        if (!a.positional().isEmpty()) {
            throw new UsageException("unrecognized arguments: " + String.join(" ", a.positional()));
        }
        URI url = Urls.base("--stats-url", a.value("--stats-url").orElse(DEFAULT_URL));
        this.client = new StatsClient(url);
        this.refresh = a.flag("--refresh");
        this.io = io;
    }

    int run() {
        try {
            if (refresh) {
                client.refresh();
            }
            String report = client.report();
            io.out().print(report.endsWith("\n") ? report : report + "\n");
            return 0;
        } catch (ApiException e) {
            io.err().println("Error: " + e.getMessage());
            return 1;
        }
    }
}
