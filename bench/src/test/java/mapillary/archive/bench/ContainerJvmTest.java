package mapillary.archive.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerJvmTest {

    private static final List<String> FALLBACK = List.of("-Xmx256m");

    @Test
    void explicitFlagsAndEnvironmentOfTheImageAreTaken() {
        ContainerJvm jvm = ContainerJvm.parse("""
                FROM x
                ENV LANGUAGE=C.UTF-8 LANG=C.UTF-8 TZ=UTC \\
                    ARCHIVE_DATA_DIR=/data \\
                    MALLOC_ARENA_MAX=2 \\
                    QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE=1 \\
                    JAVA_OPTS="-Xmx96m -XX:+UseSerialGC" \\
                    JAVA_OPTS_APPEND=""
                """, FALLBACK);

        assertThat(jvm.options()).containsExactly("-Xmx96m", "-XX:+UseSerialGC");
        assertThat(jvm.env()).containsEntry("MALLOC_ARENA_MAX", "2")
                .containsEntry("QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE", "1").doesNotContainKeys("ARCHIVE_DATA_DIR", "TZ");
    }

    @Test
    void aHeapSizedFromTheContainerKeepsTheHarnessDefault() {
        ContainerJvm jvm = ContainerJvm.parse("ENV JAVA_OPTS=\"-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError\"",
                FALLBACK);

        assertThat(jvm.options()).isEqualTo(FALLBACK);
        assertThat(jvm.env()).isEmpty();
    }

    @Test
    void theFetcherImageCapsItsHeapExplicitly() {
        Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();

        ContainerJvm fetcher = ContainerJvm.of(root, "fetcher", FALLBACK);

        assertThat(fetcher.options()).as("the fetcher's memory flags (DESIGN §4: 256 MB RSS)")
                .anyMatch(o -> o.startsWith("-Xmx")).doesNotContain("-Xmx256m");
    }
}
