package mapillary.archive.cli;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code status [ID]}: a table of the harvester's harvests, or one harvest in detail. */
public class StatusCommand {

    public static final String USAGE = """
            usage: mapillary-archive status [--url URL] [--api-key KEY] [--json] [ID]

            Lists the harvests the harvester knows, or shows one harvest.

              --url URL       harvester base URL (default: http://127.0.0.1:8081)
              --api-key KEY   harvester API key (default: env HARVESTER_API_KEY)
              --json          print the API's JSON as it is
            """;

    private static final Set<String> VALUES = Set.of("--url", "--api-key");
    private static final Set<String> FLAGS = Set.of("--json", "-h", "--help");

    private final HarvesterClient client;
    private final String id;
    private final boolean json;
    private final Io io;

    StatusCommand(List<String> argv, Io io) {
        Args a = Args.parse(argv, VALUES, FLAGS);
        if (a.positional().size() > 1) {
            throw new UsageException("unrecognized arguments: " + String.join(" ", a.positional().subList(1,
                    a.positional().size())));
        }
        URI url = Urls.base("--url", a.value("--url").orElse(HarvestOptions.DEFAULT_URL));
        Optional<String> key = a.value("--api-key").or(() -> io.env("HARVESTER_API_KEY"));
        this.client = new HarvesterClient(url, key);
        this.id = a.positional().isEmpty() ? null : a.positional().get(0);
        this.json = a.flag("--json");
        this.io = io;
    }

    int run() {
        try {
            if (json) {
                io.out().println(client.json(id));
            } else if (id == null) {
                io.out().print(StatusTable.table(client.list()));
            } else {
                io.out().print(StatusTable.details(client.get(id)));
            }
            return 0;
        } catch (ApiException e) {
            io.err().println("Error: " + e.getMessage());
            return 1;
        }
    }
}
