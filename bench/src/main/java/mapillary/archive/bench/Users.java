package mapillary.archive.bench;

import java.util.ArrayList;
import java.util.List;

/** Synthetic users of one case: an optional warm-up user and one fresh user per run (a new collection each time). */
public record Users(String warmup, int warmupImages, List<String> runs, int images) {

    /** Seed of every bench user: the cwebp bound regenerates the same images from it. */
    public static final long SEED = 1;

    public static Users of(String caseName, int warmupImages, int runs, int images) {
        List<String> names = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            names.add("bench-" + caseName + "-r" + r);
        }
        return new Users(warmupImages > 0 ? "bench-" + caseName + "-warmup" : null, warmupImages, names, images);
    }

    /** FakeMapillaryMain arguments that register these users (plain: every record has every field). */
    public List<String> fakeArgs() {
        List<String> args = new ArrayList<>();
        if (warmup != null) {
            args.addAll(List.of("--plain-user", warmup + ":" + warmupImages + ":" + SEED));
        }
        for (String u : runs) {
            args.addAll(List.of("--plain-user", u + ":" + images + ":" + SEED));
        }
        return args;
    }
}
