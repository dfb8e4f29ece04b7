package mapillary.archive.testkit.mapillary;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Quarkus test resource starts a fake with the users given as init args, injects it and stops it. */
class FakeMapillaryResourceTest {

    @InjectFakeMapillary
    FakeMapillary injected;

    @Test
    void startsInjectsAndStops() throws Exception {
        FakeMapillaryResource resource = new FakeMapillaryResource();
        resource.init(Map.of("users", "kim:30:2, lee:5", "token", "MLY|9|x"));
        Map<String, String> config = resource.start();
        try {
            resource.inject((Object target, java.util.function.Predicate<Field> predicate) -> {
                for (Field f : getClass().getDeclaredFields()) {
                    if (predicate.test(f)) {
                        try {
                            f.set(this, target);
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            });
            assertThat(injected).isNotNull();
            assertThat(config).containsEntry("mapillary.api-url", injected.apiUrl())
                    .containsEntry("mapillary.token", "MLY|9|x");
            assertThat(injected.user("kim")).hasValueSatisfying(u -> assertThat(u.count()).isEqualTo(30));
            assertThat(injected.user("lee")).isPresent();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(injected.apiUrl() + "/images?creator_username=kim")).header("Authorization", "OAuth MLY|9|x")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).contains(injected.user("kim").orElseThrow().id(29));
        } finally {
            resource.stop();
        }
    }
}
