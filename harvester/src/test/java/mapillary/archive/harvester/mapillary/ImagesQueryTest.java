package mapillary.archive.harvester.mapillary;

import mapillary.archive.common.collection.Bbox;
import mapillary.archive.common.collection.Quality;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImagesQueryTest {

    private static final String FIELDS = "id%2Ccaptured_at%2Ccompass_angle%2Ccomputed_compass_angle%2Cgeometry"
            + "%2Ccomputed_geometry%2Caltitude%2Ccomputed_altitude%2Cis_pano%2Csequence%2Ccamera_type"
            + "%2Ccamera_parameters%2Cmake%2Cmodel%2Cexif_orientation%2Ccomputed_rotation%2Cheight%2Cwidth";

    @Test
    void firstPageHasTheOriginalsParametersInOrder() {
        assertThat(ImagesQuery.firstPage("https://graph.mapillary.com", "alice", Quality.Q1024, 2000, null))
                .isEqualTo("https://graph.mapillary.com/images?creator_username=alice&limit=2000&fields="
                        + FIELDS + "%2Cthumb_1024_url");
    }

    @Test
    void bboxIsAppendedLast() {
        assertThat(ImagesQuery.firstPage("http://h:1/", "bob.s", Quality.ORIGINAL, 2000,
                Bbox.parse("2.3,48.8,2.4,48.9")))
                .isEqualTo("http://h:1/images?creator_username=bob.s&limit=2000&fields=" + FIELDS
                        + "%2Cthumb_original_url&bbox=2.3%2C48.8%2C2.4%2C48.9");
    }
}
