package mapillary.archive.fetcher.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.common.event.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageLocationTest {

    private static final Path STAGING = Path.of("/data/staging");
    private static final String COLLECTION = "mapillary-alice-1024-webp";

    private static ObjectNode record(String json) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    @Test
    void dateSequenceAndIdMakeThePath() throws Exception {
        // 2024-01-15T23:30:00Z: already the 16th in Berlin, the test JVM's zone; the bucket is UTC
        ImageLocation loc = ImageLocation.resolve(STAGING, COLLECTION,
                record("{\"id\":\"123\",\"sequence\":\"seqA\",\"captured_at\":1705361400000}"), "webp");
        assertThat(loc.date()).isEqualTo("2024-01-15");
        assertThat(loc.relative()).isEqualTo("2024-01-15/seqA/123.webp");
        assertThat(loc.file()).isEqualTo(Path.of("/data/staging/mapillary-alice-1024-webp/2024-01-15/seqA/123.webp"));
        assertThat(loc.collectionDir()).isEqualTo(Path.of("/data/staging/mapillary-alice-1024-webp"));
    }

    @Test
    void noSequenceMeansTheDateDirectory() throws Exception {
        assertThat(ImageLocation.resolve(STAGING, COLLECTION,
                record("{\"id\":\"5\",\"sequence\":\"\",\"captured_at\":1705361400000}"), "jpg").relative())
                .isEqualTo("2024-01-15/5.jpg");
        assertThat(ImageLocation.resolve(STAGING, COLLECTION,
                record("{\"id\":5,\"sequence\":null,\"captured_at\":1705361400000}"), "jpg").relative())
                .isEqualTo("2024-01-15/5.jpg");
    }

    @Test
    void missingOrNullCaptureTimeIsUnknownDate() throws Exception {
        assertThat(ImageLocation.resolve(STAGING, COLLECTION, record("{\"id\":\"7\",\"sequence\":\"s\"}"), "jpg")
                .relative()).isEqualTo("unknown-date/s/7.jpg");
        assertThat(ImageLocation.resolve(STAGING, COLLECTION,
                record("{\"id\":\"7\",\"captured_at\":null}"), "jpg").relative()).isEqualTo("unknown-date/7.jpg");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "..", ".", "a/b", "/etc/passwd", "", ".hidden", "a\\\\b", "x\\u0000y"})
    void hostileIdsAreRejected(String id) throws Exception {
        assertThatThrownBy(() -> ImageLocation.resolve(STAGING, COLLECTION,
                record("{\"id\":\"" + id + "\",\"captured_at\":1}"), "jpg"))
                .isInstanceOf(UnsafeLocationException.class)
                .hasMessageStartingWith("unsafe image id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc", "x/seq", "..", ".git"})
    void hostileSequencesAreRejected(String seq) throws Exception {
        assertThatThrownBy(() -> ImageLocation.resolve(STAGING, COLLECTION,
                record("{\"id\":\"1\",\"sequence\":\"" + seq + "\"}"), "jpg"))
                .isInstanceOf(UnsafeLocationException.class)
                .hasMessageStartingWith("unsafe sequence");
    }

    @Test
    void missingIdIsRejected() throws Exception {
        assertThatThrownBy(() -> ImageLocation.resolve(STAGING, COLLECTION, record("{\"sequence\":\"s\"}"), "jpg"))
                .isInstanceOf(UnsafeLocationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../mapillary-alice-1024", "mapillary-alice-99", "alice", "mapillary-../x-1024",
            "mapillary-alice-1024/../../x"})
    void collectionMustBeOneOfOurs(String collection) throws Exception {
        assertThatThrownBy(() -> ImageLocation.resolve(STAGING, collection, record("{\"id\":\"1\"}"), "jpg"))
                .isInstanceOf(UnsafeLocationException.class)
                .hasMessageStartingWith("invalid collection name");
    }
}
