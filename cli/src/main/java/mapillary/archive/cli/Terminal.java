package mapillary.archive.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/** Whether standard output is an interactive terminal, and how wide it is. */
public final class Terminal {

    private Terminal() {
    }

    /**
     * True on a terminal: {@code Console.isTerminal()} where the JDK has it (22+, where a console exists even when
     * redirected), else whether a console exists; never with {@code TERM=dumb}.
     */
    public static boolean isInteractive(Map<String, String> env) {
        if ("dumb".equals(env.get("TERM"))) {
            return false;
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** {@code COLUMNS} when set and sensible, else 80. */
    public static int width(Map<String, String> env) {
        try {
            int w = Integer.parseInt(env.getOrDefault("COLUMNS", "").strip());
            return w >= 20 ? w : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
