package mapillary.archive.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything one scenario measured, as written to {@code bench/results/<date>-<scenario>.json}. */
public record ScenarioResult(String scenario, String date, Instant startedAt, Instant finishedAt, Machine machine,
                             Map<String, Object> parameters, List<CaseResult> cases, List<String> notes) {
}
