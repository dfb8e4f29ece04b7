package mapillary.archive.testkit.mapillary;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A deterministic Mapillary user whose image records are computed lazily from (seed, index), so that a
 * 1,000,000-image user costs only its sequence table (a few ints per sequence) in memory.
 *
 * <p>Shape of the data (all deterministic, same seed gives the same records):
 * <ul>
 *   <li>ids: 16 digits, {@code <6-digit user prefix><10-digit index>}, unique across users with different prefixes;</li>
 *   <li>images come in sequences (22-char base62 ids), ordered by capture time; with {@code count >= 2000} some
 *       sequences hold more than 500 images; a sequence straddles UTC midnight every fourth time;</li>
 *   <li>every sixth sequence is a panorama ({@code is_pano}, {@code equirectangular}, width = 2 x height);</li>
 *   <li>quirks (on by default): index {@code i % 97 == 3} has no sequence, {@code i % 211 == 5} has
 *       {@code captured_at: null}, {@code i % 211 == 7} lacks {@code captured_at}, {@code i % 13 == 4} lacks the
 *       altitude, {@code i % 29 == 6} has a wrapped altitude (e.g. 4294967281), {@code i % 331 == 9} has a
 *       three-number geometry; sequences {@code k % 7 == 3} lack make/model and {@code k % 5 == 2} have non-ASCII
 *       make/model ("Ñikon").</li>
 * </ul>
 */
public final class SyntheticUser {

    /** Knobs for the generator. */
    public record Options(boolean quirks, boolean panoramas, LocalDate firstDay, int maxSequenceLength) {

        public Options {
            Objects.requireNonNull(firstDay, "firstDay");
            if (maxSequenceLength < 1) {
                throw new IllegalArgumentException("maxSequenceLength must be >= 1");
            }
        }

        /** Quirks and panoramas on, captures from 2019-06-01, sequence length up to 400 (plus long ones). */
        public static Options defaults() {
            return new Options(true, true, LocalDate.of(2019, 6, 1), 400);
        }

        /** Every field present and well-formed: no missing or odd values (panoramas still included). */
        public Options withoutQuirks() {
            return new Options(false, panoramas, firstDay, maxSequenceLength);
        }

        public Options withQuirks(boolean on) {
            return new Options(on, panoramas, firstDay, maxSequenceLength);
        }

        public Options withPanoramas(boolean on) {
            return new Options(quirks, on, firstDay, maxSequenceLength);
        }

        public Options withFirstDay(LocalDate day) {
            return new Options(quirks, panoramas, day, maxSequenceLength);
        }

        public Options withMaxSequenceLength(int max) {
            return new Options(quirks, panoramas, firstDay, max);
        }
    }

    private static final long ID_SCALE = 10_000_000_000L;
    private static final String BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String[][] DEVICES = {
            {"GoPro", "HERO8 Black"},
            {"Apple", "iPhone 12 Pro"},
            {"SAMSUNG", "SM-G991B"},
            {"Ñikon", "Cöolpix P950 «street»"},
            {"Garmin", "VIRB 360"},
            {"Xiaomi", "Redmi Note 9"},
    };

    private final String username;
    private final int count;
    private final long seed;
    private final Options options;
    private final long prefix;
    private final String creatorId;
    private final int[] sequenceStarts; // start index of each sequence run, plus count at the end
    private final Map<String, Integer> sequenceIndexById;
    private final long firstDayEpochMs;
    private final double homeLon;
    private final double homeLat;
    private final LongAdder generated = new LongAdder();

    private SyntheticUser(String username, int count, long seed, Options options) {
        this.username = Objects.requireNonNull(username, "username");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        this.count = count;
        this.seed = seed;
        this.options = Objects.requireNonNull(options, "options");
        long h = mix(seed ^ mix(username.hashCode() * 0x9E3779B97F4A7C15L + username.length()));
        this.prefix = 100_000 + Math.floorMod(h, 900_000L);
        this.creatorId = Long.toString(100_000_000_000L + Math.floorMod(mix(h + 1), 899_999_999_999L));
        this.homeLon = -120 + unit(mix(h + 2)) * 270;
        this.homeLat = -45 + unit(mix(h + 3)) * 105;
        this.firstDayEpochMs = options.firstDay().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        this.sequenceStarts = layoutSequences();
        this.sequenceIndexById = new HashMap<>(sequenceStarts.length * 2);
        for (int k = 0; k < sequenceStarts.length - 1; k++) {
            if (sequenceIndexById.put(sequenceId(k), k) != null) {
                throw new IllegalStateException("sequence id collision");
            }
        }
    }

    /** A user with default options. */
    public static SyntheticUser generate(String username, int count, long seed) {
        return new SyntheticUser(username, count, seed, Options.defaults());
    }

    public static SyntheticUser generate(String username, int count, long seed, Options options) {
        return new SyntheticUser(username, count, seed, options);
    }

    public String username() {
        return username;
    }

    public int count() {
        return count;
    }

    public long seed() {
        return seed;
    }

    public Options options() {
        return options;
    }

    public String creatorId() {
        return creatorId;
    }

    /** The 6-digit prefix of every id of this user. */
    public long idPrefix() {
        return prefix;
    }

    /** How many records were computed so far (a laziness probe for tests). */
    public long recordsGenerated() {
        return generated.sum();
    }

    /** Number of sequence runs. */
    public int sequenceCount() {
        return sequenceStarts.length - 1;
    }

    /** The id of image {@code index} without computing the record. */
    public String id(int index) {
        Objects.checkIndex(index, count);
        return Long.toString(prefix * ID_SCALE + index);
    }

    /** All ids in listing order (a lazy view). */
    public List<String> ids() {
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                return id(index);
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    /** The index of {@code id} in this user, if it is one of this user's ids. */
    public OptionalInt indexOf(String id) {
        if (id == null || id.length() != 16) {
            return OptionalInt.empty();
        }
        long value;
        try {
            value = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
        if (value < 0 || value / ID_SCALE != prefix) {
            return OptionalInt.empty();
        }
        long index = value % ID_SCALE;
        return index < count ? OptionalInt.of((int) index) : OptionalInt.empty();
    }

    /** All records in listing order, computed as the stream is consumed. */
    public Stream<SyntheticImage> records() {
        return IntStream.range(0, count).mapToObj(this::record);
    }

    /**
     * Images per UTC capture date ({@code YYYY-MM-DD}, or {@code unknown-date} without {@code captured_at}), sorted;
     * computed by streaming every record.
     */
    public SortedMap<String, Long> countPerDate() {
        SortedMap<String, Long> perDate = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            Long t = record(i).capturedAt();
            String day = t == null ? "unknown-date"
                    : Instant.ofEpochMilli(t).atOffset(ZoneOffset.UTC).toLocalDate().toString();
            perDate.merge(day, 1L, Long::sum);
        }
        return perDate;
    }

    /** The sequence id of run {@code k}. */
    public String sequenceId(int k) {
        StringBuilder sb = new StringBuilder(22);
        long a = mix(seed ^ mix(prefix * 31 + k) ^ 0x5EC);
        long b = mix(a + k);
        for (int i = 0; i < 22; i++) {
            long src = i < 11 ? a : b;
            sb.append(BASE62.charAt((int) Math.floorMod(src >>> ((i % 11) * 5), 62L)));
        }
        return sb.toString();
    }

    /** The image ids of sequence {@code sequenceId} in capture order (images without a sequence excluded). */
    public List<String> imageIdsOfSequence(String sequenceId) {
        Integer k = sequenceIndexById.get(sequenceId);
        if (k == null) {
            return List.of();
        }
        return IntStream.range(sequenceStarts[k], sequenceStarts[k + 1])
                .filter(i -> !noSequence(i))
                .mapToObj(this::id)
                .toList();
    }

    /** The index range {@code [start, end)} of sequence {@code sequenceId}, or null. */
    int[] sequenceRun(String sequenceId) {
        Integer k = sequenceIndexById.get(sequenceId);
        return k == null ? null : new int[] {sequenceStarts[k], sequenceStarts[k + 1]};
    }

    /** Whether this user has a sequence of that id. */
    public boolean hasSequence(String sequenceId) {
        return sequenceIndexById.containsKey(sequenceId);
    }

    /** The record at {@code index}. */
    public SyntheticImage record(int index) {
        Objects.checkIndex(index, count);
        generated.increment();
        int k = sequenceOf(index);
        int start = sequenceStarts[k];
        int len = sequenceStarts[k + 1] - start;
        int j = index - start;
        long sh = mix(seed ^ mix(prefix * 7919 + k));
        long ih = mix(sh ^ mix(index + 0xABCDL));
        boolean quirks = options.quirks();

        boolean pano = options.panoramas() && k % 6 == 4;
        String cameraType = pano ? "equirectangular" : (Math.floorMod(sh, 5) == 1 ? "fisheye" : "perspective");
        String[] device = DEVICES[(int) Math.floorMod(sh >>> 8, (long) DEVICES.length)];
        if (quirks && k % 5 == 2) {
            device = DEVICES[3];
        }
        String make = quirks && k % 7 == 3 ? null : device[0];
        String model = quirks && k % 7 == 3 ? null : device[1];
        int width;
        int height;
        if (pano) {
            width = (sh & 1) == 0 ? 5760 : 4096;
            height = width / 2;
        } else {
            int pick = (int) Math.floorMod(sh >>> 12, 3L);
            width = pick == 0 ? 4000 : pick == 1 ? 3840 : 2048;
            height = pick == 0 ? 3000 : pick == 1 ? 2160 : 1536;
        }

        // time: about two sequences per day; every fourth straddles UTC midnight
        long interval = 1000 + Math.floorMod(sh >>> 16, 2000L);
        long day = k / 2;
        long startMs;
        if (k % 4 == 1) {
            startMs = firstDayEpochMs + (day + 1) * 86_400_000L - (len / 2) * interval + 1;
        } else {
            startMs = firstDayEpochMs + day * 86_400_000L + 7 * 3_600_000L + Math.floorMod(sh >>> 20, 10 * 3_600_000L);
        }
        long capturedAt = startMs + j * interval + Math.floorMod(ih, Math.min(interval - 1, 900L));
        boolean capturedAtPresent = !(quirks && index % 211 == 7);
        Long captured = quirks && index % 211 == 5 ? null : capturedAt;

        // position: a walk from a sequence start near the user's home
        double heading = unit(mix(sh + 17)) * 360;
        double startLon = homeLon + (unit(mix(sh + 11)) - 0.5) * 0.1;
        double startLat = homeLat + (unit(mix(sh + 12)) - 0.5) * 0.1;
        double step = 0.00008;
        double lon = startLon + Math.sin(Math.toRadians(heading)) * step * j;
        double lat = startLat + Math.cos(Math.toRadians(heading)) * step * j;
        double clon = lon + (unit(mix(ih + 1)) - 0.5) * 0.00002;
        double clat = lat + (unit(mix(ih + 2)) - 0.5) * 0.00002;
        double alt = round(20 + unit(mix(sh + 13)) * 400 + (unit(mix(ih + 3)) - 0.5) * 4, 3);
        double[] geometry = quirks && index % 331 == 9 ? new double[] {lon, lat, alt} : new double[] {lon, lat};

        Number altitude;
        if (quirks && index % 13 == 4) {
            altitude = null;
        } else if (quirks && index % 29 == 6) {
            altitude = 4_294_967_296L - (1 + Math.floorMod(ih >>> 7, 100L));
        } else {
            altitude = alt;
        }
        Double computedAltitude = quirks && index % 17 == 8 ? null : round(alt + (unit(mix(ih + 4)) - 0.5) * 2, 6);
        double compass = round(Math.floorMod((long) ((heading + (unit(mix(ih + 5)) - 0.5) * 6) * 100), 36000L) / 100.0, 2);
        double computedCompass = Math.floorMod((long) ((compass + (unit(mix(ih + 6)) - 0.5) * 4) * 1e9),
                360_000_000_000L) / 1e9;
        double[] cameraParameters = pano ? null : new double[] {
                round(0.6 + unit(mix(sh + 14)) * 0.4, 9), round((unit(mix(sh + 15)) - 0.5) * 0.2, 9),
                round((unit(mix(sh + 16)) - 0.5) * 0.05, 9)};
        Integer orientation = quirks && k % 11 == 7 ? Integer.valueOf(6) : Integer.valueOf(1);
        double[] rotation = {round((unit(mix(ih + 7)) - 0.5) * 3, 9), round((unit(mix(ih + 8)) - 0.5) * 3, 9),
                round((unit(mix(ih + 9)) - 0.5) * 3, 9)};
        String sequence = quirks && noSequence(index) ? null : sequenceId(k);
        return new SyntheticImage(index, id(index), username, creatorId, capturedAtPresent, captured,
                compass, computedCompass, geometry, new double[] {clon, clat}, altitude, computedAltitude, pano,
                sequence, k, cameraType, cameraParameters, make, model, orientation, rotation, width, height,
                round(unit(mix(ih + 10)), 4));
    }

    private boolean noSequence(int index) {
        return options.quirks() && index % 97 == 3;
    }

    private int sequenceOf(int index) {
        int pos = Arrays.binarySearch(sequenceStarts, index);
        if (pos >= 0) {
            // duplicate starts cannot happen (lengths >= 1), so pos is the run starting at index
            return pos;
        }
        return -pos - 2;
    }

    private int[] layoutSequences() {
        int maxLen = Math.max(2, Math.min(count / 8, options.maxSequenceLength()));
        int[] starts = new int[16];
        int n = 0;
        int pos = 0;
        int k = 0;
        while (pos < count) {
            long h = mix(seed ^ mix(prefix * 104_729 + k));
            int len = 1 + (int) Math.floorMod(h, (long) maxLen);
            if (count >= 2000 && k % 17 == 5) {
                len = 501 + (int) Math.floorMod(h >>> 20, 700L);
            }
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
            }
            starts[n++] = pos;
            pos += len;
            k++;
        }
        int[] result = Arrays.copyOf(starts, n + 1);
        result[n] = count;
        return result;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    @Override
    public String toString() {
        return "SyntheticUser[" + username + ", " + count + " images, seed " + seed + "]";
    }
}
