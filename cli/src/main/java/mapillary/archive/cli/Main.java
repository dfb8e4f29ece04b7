package mapillary.archive.cli;

import java.util.Arrays;
import java.util.List;

/** The {@code mapillary-archive} command: {@code harvest}, {@code status} and {@code stats} against the REST APIs. */
public final class Main {

    static final String PROG = "mapillary-archive";
    static final String USAGE = """
            usage: mapillary-archive [--version] <command> [options]

            Download your Mapillary data before it's gone: archive users through a mapillary-archive deployment.

            commands:
              harvest USERNAME [USERNAME ...]   archive users, following each with a live progress bar
              status [ID]                       list harvests, or show one
              stats                             archive.org statistics (the original's --stats report)

            Run 'mapillary-archive <command> --help' for a command's options.
            """;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(Arrays.asList(args), Io.system()));
    }

    /** Runs a command line and returns the exit code: 0 success, 1 failure, 2 usage error. */
    public static int run(List<String> args, Io io) throws InterruptedException {
        if (args.isEmpty()) {
            io.err().print(USAGE);
            return 2;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        boolean help = rest.contains("-h") || rest.contains("--help");
        try {
            switch (command) {
                case "-h", "--help", "help" -> {
                    io.out().print(USAGE);
                    return 0;
                }
                case "--version" -> {
                    io.out().println(PROG + " " + version());
                    return 0;
                }
                case "harvest" -> {
                    if (help) {
                        io.out().print(HarvestOptions.USAGE);
                        return 0;
                    }
                    return new HarvestCommand(HarvestOptions.parse(rest, io), io).run();
                }
                case "status" -> {
                    if (help) {
                        io.out().print(StatusCommand.USAGE);
                        return 0;
                    }
                    return new StatusCommand(rest, io).run();
                }
                case "stats" -> {
                    if (help) {
                        io.out().print(StatsCommand.USAGE);
                        return 0;
                    }
                    return new StatsCommand(rest, io).run();
                }
                default -> throw new UsageException("invalid choice: '" + command
                        + "' (choose from 'harvest', 'status', 'stats')");
            }
        } catch (UsageException e) {
            String usage = switch (command) {
                case "harvest" -> HarvestOptions.USAGE;
                case "status" -> StatusCommand.USAGE;
                case "stats" -> StatsCommand.USAGE;
                default -> USAGE;
            };
            io.err().print(usage.lines().takeWhile(l -> !l.isEmpty()).map(l -> l + "\n").reduce("", String::concat));
            io.err().println(PROG + ": error: " + e.getMessage());
            return 2;
        } catch (InvalidOptionException e) {
            io.err().println(e.getMessage());
            return 1;
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
