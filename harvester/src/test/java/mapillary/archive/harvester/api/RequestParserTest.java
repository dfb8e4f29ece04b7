package mapillary.archive.harvester.api;

import mapillary.archive.common.collection.Quality;
import mapillary.archive.harvester.job.HarvestRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestParserTest {

    @Test
    void defaults() {
        HarvestRequest r = RequestParser.parse("{\"username\":\"alice\"}");
        assertThat(r).isEqualTo(new HarvestRequest("alice", Quality.ORIGINAL, true, null, false, true, true));
    }

    @Test
    void allFields() {
        HarvestRequest r = RequestParser.parse("{\"username\":\"bob.s-1\",\"quality\":1024,\"webp\":false,"
                + "\"bbox\":[2.3,48.8,2.4,48.9],\"force\":true,\"tar\":false,\"checkIa\":false}");
        assertThat(r.quality()).isEqualTo(Quality.Q1024);
        assertThat(r.bbox().normalised()).isEqualTo("2.3,48.8,2.4,48.9");
        assertThat(r.webp()).isFalse();
        assertThat(r.force()).isTrue();
        assertThat(r.tar()).isFalse();
        assertThat(r.checkIa()).isFalse();
        assertThat(RequestParser.parse("{\"username\":\"a\",\"bbox\":\"1,2,3,4\"}").bbox().normalised())
                .isEqualTo("1,2,3,4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1]", "\"alice\"", "{\"username\":\"a\"} trailing",
            "{\"username\":\"a\",\"extra\":1}", "{}", "{\"username\":null}", "{\"username\":\"../x\"}",
            "{\"username\":\".hidden\"}", "{\"username\":\"a b\"}", "{\"username\":42}",
            "{\"username\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}",
            "{\"username\":\"a\",\"quality\":\"512\"}", "{\"username\":\"a\",\"quality\":true}",
            "{\"username\":\"a\",\"webp\":\"yes\"}", "{\"username\":\"a\",\"force\":1}",
            "{\"username\":\"a\",\"bbox\":\"1,2,3\"}", "{\"username\":\"a\",\"bbox\":[3,2,1,4]}",
            "{\"username\":\"a\",\"bbox\":[1,4,3,2]}", "{\"username\":\"a\",\"bbox\":[-181,0,1,1]}",
            "{\"username\":\"a\",\"bbox\":[0,-91,1,1]}", "{\"username\":\"a\",\"bbox\":\"1,2,NaN,4\"}",
            "{\"username\":\"a\",\"bbox\":[1,2,\"3\",4]}", "{\"username\":\"a\",\"bbox\":{\"w\":1}}"})
    void rejects(String body) {
        assertThatThrownBy(() -> RequestParser.parse(body)).isInstanceOfSatisfying(ProblemException.class,
                e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().detail()).isNotBlank();
                });
    }
}
