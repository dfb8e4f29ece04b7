package mapillary.archive.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HarvestOptionsTest {

    private final TestIo t = new TestIo();

    @Test
    void defaultsMatchTheOriginal() {
        HarvestOptions o = HarvestOptions.parse(List.of("alice", "bob"), t.io);
        assertThat(o.usernames()).containsExactly("alice", "bob");
        assertThat(o.quality()).isEqualTo("original");
        assertThat(o.webp()).isTrue();
        assertThat(o.tar()).isTrue();
        assertThat(o.checkIa()).isTrue();
        assertThat(o.force()).isFalse();
        assertThat(o.bbox()).isNull();
        assertThat(o.url()).hasToString("http://127.0.0.1:8081");
        assertThat(o.apiKey()).isEmpty();
        assertThat(o.dataDir()).isEmpty();
        assertThat(o.progress()).isEqualTo(HarvestOptions.Progress.AUTO);
        assertThat(o.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.iaUrl()).hasToString("https://archive.org");
    }

    @Test
    void readsEveryOption() {
        HarvestOptions o = HarvestOptions.parse(List.of("--quality", "1024", "--bbox=-1.5,2,3,4", "--no-webp",
                "--no-tar", "--no-check-ia", "--force", "--url", "https://h.example.org/", "--api-key", "k",
                "--data-dir", "/data", "--progress", "plain", "--poll-interval", "0.25", "alice"), t.io);
        assertThat(o).extracting(HarvestOptions::quality, HarvestOptions::bbox, HarvestOptions::webp,
                        HarvestOptions::tar, HarvestOptions::checkIa, HarvestOptions::force)
                .containsExactly("1024", "-1.5,2,3,4", false, false, false, true);
        assertThat(o.url()).hasToString("https://h.example.org/");
        assertThat(o.apiKey()).contains("k");
        assertThat(o.dataDir()).contains("/data");
        assertThat(o.progress()).isEqualTo(HarvestOptions.Progress.PLAIN);
        assertThat(o.pollInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void apiKeyDataDirAndIaUrlComeFromTheEnvironment() {
        t.env.put("HARVESTER_API_KEY", "secret-key");
        t.env.put("ARCHIVE_DATA_DIR", "/srv/data");
        t.env.put("IA_URL", "http://127.0.0.1:9");
        HarvestOptions o = HarvestOptions.parse(List.of("alice"), t.io);
        assertThat(o.apiKey()).contains("secret-key");
        assertThat(o.dataDir()).contains("/srv/data");
        assertThat(o.iaUrl()).hasToString("http://127.0.0.1:9");
        assertThat(o.toString()).doesNotContain("secret-key").contains("apiKey=(set)");
    }

    @Test
    void badChoicesAreUsageErrors() {
        assertThatThrownBy(() -> HarvestOptions.parse(List.of("--quality", "512", "a"), t.io))
                .isInstanceOf(UsageException.class)
                .hasMessage("argument --quality: invalid choice: '512' (choose from '256', '1024', '2048', 'original')");
        assertThatThrownBy(() -> HarvestOptions.parse(List.of("--progress", "fancy", "a"), t.io))
                .isInstanceOf(UsageException.class).hasMessageContaining("--progress");
        assertThatThrownBy(() -> HarvestOptions.parse(List.of("--url", "ftp://x", "a"), t.io))
                .isInstanceOf(UsageException.class).hasMessageContaining("--url");
        assertThatThrownBy(() -> HarvestOptions.parse(List.of("--poll-interval", "0", "a"), t.io))
                .isInstanceOf(UsageException.class).hasMessageContaining("--poll-interval");
    }

    @Test
    void aBadBboxIsTheOriginalsValidationError() {
        assertThatThrownBy(() -> HarvestOptions.parse(List.of("--bbox", "1,2,3", "a"), t.io))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("Error: bbox must be four comma-separated numbers");
        assertThatThrownBy(() -> HarvestOptions.parse(List.of("--bbox", "3,2,1,4", "a"), t.io))
                .isInstanceOf(InvalidOptionException.class).hasMessage("Error: bbox west must be less than east");
    }
}
