package mapillary.archive.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusTableTest {

    @Test
    void tableAlignsColumnsAndRightAlignsNumbers() throws Exception {
        HarvestInfo a = Http.MAPPER.readValue(Harvests.json("id-1", "alice", "FETCHING", 1_500, 20, 3, 2_500_000,
                2, 740L, null), HarvestInfo.class);
        HarvestInfo b = Http.MAPPER.readValue(Harvests.json("id-22", "bo", "DONE", 7, 7, 0, 900, 1, 0L, null),
                HarvestInfo.class);
        assertThat(StatusTable.table(List.of(a, b))).isEqualTo("""
                ID     USER   STATUS    LISTED  FETCHED  FAILED     SIZE  ETA      COLLECTION
                id-1   alice  FETCHING   1,500       20       3  2.50 MB  12m 20s  mapillary-alice-256
                id-22  bo     DONE           7        7       0    900 B  -        mapillary-bo-256
                """);
    }

    @Test
    void emptyListSaysSo() {
        assertThat(StatusTable.table(List.of())).isEqualTo("No harvests.\n");
    }

    @Test
    void detailsShowOptionsStatusReasonAndProgress() throws Exception {
        HarvestInfo h = Http.MAPPER.readValue(Harvests.json("id-1", "alice", "FAILED", 10, 4, 6, 1000, 0.5, null,
                "listing failed: HTTP 500"), HarvestInfo.class);
        assertThat(StatusTable.details(h)).contains(
                "Harvest:    id-1\n",
                "Collection: mapillary-alice-256\n",
                "Options:    quality 256, jpeg, tar\n",
                "Status:     FAILED (listing failed: HTTP 500)\n",
                "Progress:   100%  listed 10 | fetched 4 | failed 6 | 1.00 KB | 0.5 img/s | ETA --\n",
                "Created:    2026-01-02T03:04:05Z\n");
    }
}
