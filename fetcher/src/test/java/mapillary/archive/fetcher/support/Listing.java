package mapillary.archive.fetcher.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.Json;
import mapillary.archive.testkit.mapillary.FakeMapillary;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Lists a fake user's image records (with signed CDN URLs) the way the harvester does, for building tasks. */
public final class Listing {

    public static final String FIELDS = "id,captured_at,compass_angle,computed_compass_angle,geometry,"
            + "computed_geometry,altitude,computed_altitude,is_pano,sequence,camera_type,camera_parameters,make,model,"
            + "exif_orientation,computed_rotation,height,width";

    private Listing() {
    }

    /** The first {@code limit} records of {@code username} with the URL field of {@code quality}. */
    public static List<ObjectNode> records(FakeMapillary fake, String username, Quality quality, int limit) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI uri = URI.create(fake.apiUrl() + "/images?creator_username=" + username + "&limit=" + limit
                    + "&fields=" + FIELDS + "," + quality.urlField());
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "OAuth " + fake.token()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("listing answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode data = Json.MAPPER.readTree(response.body()).get("data");
            List<ObjectNode> out = new ArrayList<>();
            data.forEach(n -> out.add((ObjectNode) n));
            return out.size() > limit ? out.subList(0, limit) : out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
