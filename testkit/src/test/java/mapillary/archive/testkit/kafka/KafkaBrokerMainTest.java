package mapillary.archive.testkit.kafka;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standalone broker's command line: port 9092 by default, a kept data dir, clear errors for bad flags. */
class KafkaBrokerMainTest {

    @Test
    void defaultsToPort9092InAFreshDirectory() {
        KafkaBroker.Options options = KafkaBrokerMain.parse(new String[0]);

        assertThat(options.port()).isEqualTo(9092);
        assertThat(options.workDir()).isNull();
        assertThat(options.keepData()).isFalse();
    }

    @Test
    void dataDirIsKeptAcrossRuns() {
        KafkaBroker.Options options = KafkaBrokerMain.parse(new String[] {"--port", "0", "--data-dir", "target/k",
                "--lib", "target/lib"});

        assertThat(options.port()).isZero();
        assertThat(options.workDir()).isEqualTo(Path.of("target/k"));
        assertThat(options.keepData()).isTrue();
        assertThat(options.lib()).isEqualTo(Path.of("target/lib"));
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> KafkaBrokerMain.parse(new String[] {"--port", "x"}))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> KafkaBrokerMain.parse(new String[] {"--port"}))
                .hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> KafkaBrokerMain.parse(new String[] {"--bogus"}))
                .hasMessageContaining("unknown argument: --bogus");
    }
}
