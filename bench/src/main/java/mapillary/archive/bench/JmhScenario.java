package mapillary.archive.bench;

import mapillary.archive.bench.jmh.ExifWriterBench;
import mapillary.archive.bench.jmh.TarWriterBench;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JMH microbenchmarks (EXIF writing per image, the tar writer), each iteration reported as one run. */
public final class JmhScenario {

    private final BenchOptions options;

    public JmhScenario(BenchOptions options) {
        this.options = options;
    }

    public ScenarioResult run() throws Exception {
        Instant started = Instant.now();
        Machine machine = Machine.describe();
        boolean quick = options.jmhIterations() == 0;
        Options jmh = new OptionsBuilder()
                .include(ExifWriterBench.class.getName())
                .include(TarWriterBench.class.getName())
                .forks(quick ? 0 : 1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(quick ? TimeValue.milliseconds(200) : TimeValue.seconds(1))
                .measurementIterations(quick ? 3 : options.jmhIterations())
                .measurementTime(quick ? TimeValue.milliseconds(200) : TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx512m")
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(jmh).run();
        long tarBytes = TarWriterBench.images().values().stream().mapToLong(b -> b.length).sum();
        List<CaseResult> cases = new ArrayList<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            boolean tar = benchmark.contains("TarWriterBench");
            List<Map<String, Double>> runs = new ArrayList<>();
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                for (IterationResult it : b.getIterationResults()) {
                    double score = it.getPrimaryResult().getScore();
                    Metrics m = new Metrics();
                    if (tar) {
                        m.put("ms_per_tar", Metrics.round(score, 3))
                                .put("mb_per_s", Metrics.round(tarBytes / 1e6 / (score / 1000), 1));
                    } else {
                        m.put("us_per_image", Metrics.round(score, 1));
                    }
                    runs.add(m.asMap());
                }
            }
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("benchmark", benchmark);
            params.put("unit", r.getPrimaryResult().getScoreUnit());
            params.put("forks", quick ? 0 : 1);
            if (tar) {
                params.put("files", TarWriterBench.FILES);
                params.put("bytes_per_tar", tarBytes);
            }
            cases.add(CaseResult.of(tar ? "tar writer (" + TarWriterBench.FILES + " JPEGs, with fsync)"
                    : "EXIF writer (one 1024 JPEG)", params, runs));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("measurement_iterations", quick ? 3 : options.jmhIterations());
        params.put("iteration_time", quick ? "200 ms" : "1 s");
        List<String> notes = List.of("each run = one JMH measurement iteration (after warm-up), mode AverageTime",
                "EXIF writer = fetcher ExifWriter.write(jpeg, record) on the fake CDN's quality-1024 bytes",
                "tar writer = archiver DeterministicTar.write of " + TarWriterBench.FILES
                        + " quality-1024 JPEGs to a new file, fsync included");
        return new ScenarioResult("jmh", BenchMain.today(), started, Instant.now(), machine, params, cases, notes);
    }
}
