package mapillary.archive.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed command line: {@code --name value}, {@code --name=value}, flags and positional arguments ({@code --} ends
 * the options). Unlike argparse, a value may start with {@code -} ({@code --bbox -1,2,3,4}).
 */
public final class Args {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {
    }

    /**
     * Parses {@code args} knowing which options take a value and which are flags; anything else starting with
     * {@code -} is a {@link UsageException}.
     */
    public static Args parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions) {
        Args parsed = new Args();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                parsed.positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            if (valueOptions.contains(name)) {
                String value;
                if (eq > 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("argument " + name + ": expected one argument");
                }
                parsed.values.put(name, value);
            } else if (flagOptions.contains(name)) {
                if (eq > 0) {
                    throw new UsageException("argument " + name + ": ignored explicit argument '"
                            + arg.substring(eq + 1) + "'");
                }
                parsed.flags.add(name);
            } else {
                throw new UsageException("unrecognized arguments: " + arg);
            }
        }
        return parsed;
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public List<String> positional() {
        return List.copyOf(positional);
    }
}
