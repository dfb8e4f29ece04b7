package mapillary.archive.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code harvest}: starts one harvest per user in the order given, follows each to its end with a progress display,
 * prints where the finished collection is, and ends with the original's "Failed users: a, b" when any failed.
 */
public class HarvestCommand {

    /** How long the harvester may be unreachable while a harvest is followed (e.g. it is restarting). */
    static final Duration UNREACHABLE_GRACE = Duration.ofSeconds(60);
    private static final Duration PLAIN_EVERY = Duration.ofSeconds(5);

    private final HarvestOptions options;
    private final HarvesterClient client;
    private final Io io;
    private final boolean bar;

    public HarvestCommand(HarvestOptions options, Io io) {
        this.options = options;
        this.io = io;
        this.client = new HarvesterClient(options.url(), options.apiKey());
        this.bar = switch (options.progress()) {
            case BAR -> true;
            case PLAIN -> false;
            case AUTO -> Terminal.isInteractive(io.env());
        };
    }

    /** Runs every user; the exit code (0 all archived or skipped, 1 any failed). */
    public int run() throws InterruptedException {
        if (options.usernames().isEmpty()) {
            io.err().println("Error: At least one username is required");
            return 1;
        }
        Thread onInterrupt = new Thread(() -> {
            io.out().println();
            io.err().println("Interrupted by user");
        }, "harvest-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            return runAll();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException e) {
                // shutting down already: the hook runs
            }
        }
    }

    private int runAll() throws InterruptedException {
        List<String> failed = new ArrayList<>();
        int n = options.usernames().size();
        for (int i = 0; i < n; i++) {
            String user = options.usernames().get(i);
            io.out().println();
            io.out().println("=".repeat(60));
            io.out().println("Processing user: " + user + " (" + (i + 1) + "/" + n + ")");
            io.out().println("=".repeat(60));
            io.out().println();
            if (!harvest(user)) {
                failed.add(user);
            }
        }
        if (!failed.isEmpty()) {
            io.err().println("Failed users: " + String.join(", ", failed));
            return 1;
        }
        return 0;
    }

    /** One user: true when archived or skipped. */
    boolean harvest(String user) throws InterruptedException {
        String id;
        try {
            HarvesterClient.Started started = client.start(new HarvestRequest(user, options.quality(),
                    options.webp(), options.tar(), options.checkIa(), options.force(), options.bbox()));
            HarvestInfo h = started.harvest();
            if ("SKIPPED".equals(h.status())) {
                io.out().println("Skipped " + user + ": " + reason(h));
                return true;
            }
            id = h.id();
            io.out().println("Harvesting " + user + " -> " + h.collection() + " (harvest " + id + ")");
        } catch (ApiException e) {
            if (e.status() == 409 && e.harvestId() != null) {
                id = e.harvestId();
                io.out().println(user + " is already being harvested: following harvest " + id);
            } else {
                io.err().println("Failed to process " + user + ": " + e.getMessage());
                return false;
            }
        }
        return follow(user, id);
    }

    private boolean follow(String user, String id) throws InterruptedException {
        ProgressPrinter printer = new ProgressPrinter(io.out(), bar, Terminal.width(io.env()), PLAIN_EVERY);
        Instant unreachableSince = null;
        boolean sawUpload = false;
        HarvestInfo h;
        while (true) {
            try {
                h = client.get(id);
                if (unreachableSince != null) {
                    printer.finish();
                    io.err().println("The harvester answers again.");
                }
                unreachableSince = null;
            } catch (ApiException e) {
                Instant now = Instant.now();
                if (!e.unreachable() || unreachableSince != null
                        && Duration.between(unreachableSince, now).compareTo(UNREACHABLE_GRACE) > 0) {
                    printer.finish();
                    io.err().println("Failed to process " + user + ": " + e.getMessage());
                    return false;
                }
                if (unreachableSince == null) {
                    printer.finish();
                    io.err().println(e.getMessage() + "; retrying for up to " + UNREACHABLE_GRACE.toSeconds()
                            + " s");
                    unreachableSince = now;
                }
                io.sleeper().sleep(options.pollInterval());
                continue;
            }
            sawUpload |= "UPLOADING".equals(h.status());
            printer.update(h, Instant.now());
            if (h.isFinal()) {
                break;
            }
            io.sleeper().sleep(options.pollInterval());
        }
        printer.finish();
        switch (h.status()) {
            case "DONE" -> {
                if (h.reason() != null && !h.reason().isBlank()) {
                    io.out().println("Note: " + h.reason());
                }
                io.out().println("Done: " + where(h, sawUpload || Boolean.TRUE.equals(h.uploaded())));
                return true;
            }
            case "SKIPPED" -> {
                io.out().println("Skipped " + user + ": " + reason(h));
                return true;
            }
            default -> {
                io.err().println("Failed to process " + user + ": harvest " + h.status() + ": " + reason(h));
                return false;
            }
        }
    }

    /** The IA item when the harvest uploaded, else the local path (or the collection name when it is unknown). */
    String where(HarvestInfo h, boolean uploaded) {
        if (uploaded) {
            String ia = options.iaUrl().toString();
            return (ia.endsWith("/") ? ia.substring(0, ia.length() - 1) : ia) + "/details/" + h.collection();
        }
        return options.dataDir()
                .map(d -> Path.of(d).toAbsolutePath().normalize().resolve("output").resolve(h.collection()).toString())
                .orElse(h.collection() + " (in output/ of the harvester's data directory)");
    }

    private static String reason(HarvestInfo h) {
        return h.reason() == null || h.reason().isBlank() ? "no reason given" : h.reason();
    }
}
