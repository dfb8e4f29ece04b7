package mapillary.archive.harvester.storage;

import java.util.HashSet;
import java.util.Set;

/**
 * The image ids already listed in one harvest, for dedupe. Mapillary ids are numeric, so they are kept as
 * longs in an open-addressing table (about 16 bytes per id); other ids fall back to a string set.
 */
public final class SeenIds {

    private static final long EMPTY = Long.MIN_VALUE;
    private long[] table = newTable(1 << 12);
    private int size;
    private final Set<String> other = new HashSet<>();

    /** Adds the id; false when it was already there. */
    public boolean add(String id) {
        long n = asLong(id);
        if (n == EMPTY) {
            return other.add(id);
        }
        if ((size + 1) * 2L > table.length) {
            grow();
        }
        if (insert(table, n)) {
            size++;
            return true;
        }
        return false;
    }

    public boolean contains(String id) {
        long n = asLong(id);
        if (n == EMPTY) {
            return other.contains(id);
        }
        int mask = table.length - 1;
        for (int i = mix(n) & mask; ; i = (i + 1) & mask) {
            if (table[i] == EMPTY) {
                return false;
            }
            if (table[i] == n) {
                return true;
            }
        }
    }

    public int size() {
        return size + other.size();
    }

    private static boolean insert(long[] t, long n) {
        int mask = t.length - 1;
        for (int i = mix(n) & mask; ; i = (i + 1) & mask) {
            if (t[i] == EMPTY) {
                t[i] = n;
                return true;
            }
            if (t[i] == n) {
                return false;
            }
        }
    }

    private void grow() {
        long[] bigger = newTable(table.length * 2);
        for (long v : table) {
            if (v != EMPTY) {
                insert(bigger, v);
            }
        }
        table = bigger;
    }

    private static long[] newTable(int n) {
        long[] t = new long[n];
        java.util.Arrays.fill(t, EMPTY);
        return t;
    }

    private static int mix(long n) {
        long h = n * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The id as a long when it is a canonical non-negative decimal of at most 18 digits, else EMPTY. */
    private static long asLong(String id) {
        int len = id.length();
        if (len == 0 || len > 18 || (len > 1 && id.charAt(0) == '0')) {
            return EMPTY;
        }
        long v = 0;
        for (int i = 0; i < len; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return EMPTY;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
