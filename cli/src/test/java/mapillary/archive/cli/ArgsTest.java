package mapillary.archive.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgsTest {

    private static final Set<String> VALUES = Set.of("--quality", "--bbox");
    private static final Set<String> FLAGS = Set.of("--no-webp");

    @Test
    void readsValuesInBothFormsFlagsAndPositionals() {
        Args a = Args.parse(List.of("alice", "--quality", "256", "--bbox=1,2,3,4", "--no-webp", "bob"), VALUES, FLAGS);
        assertThat(a.value("--quality")).contains("256");
        assertThat(a.value("--bbox")).contains("1,2,3,4");
        assertThat(a.flag("--no-webp")).isTrue();
        assertThat(a.positional()).containsExactly("alice", "bob");
    }

    @Test
    void aValueMayStartWithADashUnlikeArgparse() {
        assertThat(Args.parse(List.of("--bbox", "-1,2,3,4"), VALUES, FLAGS).value("--bbox")).contains("-1,2,3,4");
    }

    @Test
    void doubleDashEndsOptions() {
        assertThat(Args.parse(List.of("--", "--no-webp", "-x"), VALUES, FLAGS).positional())
                .containsExactly("--no-webp", "-x");
    }

    @Test
    void rejectsUnknownOptionsMissingValuesAndValuesOnFlags() {
        assertThatThrownBy(() -> Args.parse(List.of("--max-workers", "3"), VALUES, FLAGS))
                .isInstanceOf(UsageException.class).hasMessage("unrecognized arguments: --max-workers");
        assertThatThrownBy(() -> Args.parse(List.of("--quality"), VALUES, FLAGS))
                .isInstanceOf(UsageException.class).hasMessage("argument --quality: expected one argument");
        assertThatThrownBy(() -> Args.parse(List.of("--no-webp=yes"), VALUES, FLAGS))
                .isInstanceOf(UsageException.class).hasMessageContaining("ignored explicit argument 'yes'");
    }
}
