package mapillary.archive.cli;

/** Harvest JSON as the harvester's HarvestView writes it, for tests. */
final class Harvests {

    private Harvests() {
    }

    static String json(String id, String user, String status, long listed, long fetched, long failed, long bytes,
                       double rate, Long eta, String reason) {
        return """
                {"id":"%s","collection":"mapillary-%s-256","username":"%s","quality":"256","webp":false,\
                "bbox":null,"tar":true,"status":"%s","reason":%s,"counts":{"listed":%d,"fetched":%d,"failed":%d,\
                "skipped":0,"rejected":0,"bytes":%d,"size":"x"},"rate":%s,"etaSeconds":%s,"eta":null,\
                "createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:06Z","finishedAt":null,\
                "links":{"self":"/harvests/%s","events":"/harvests/%s/events"}}"""
                .formatted(id, user, user, status, reason == null ? "null" : "\"" + reason + "\"", listed, fetched,
                        failed, bytes, rate, eta, id, id);
    }

    static HarvestInfo info(String status, long listed, long fetched, long failed, long bytes, double rate,
                            Long eta) throws Exception {
        return Http.MAPPER.readValue(json("h1", "alice", status, listed, fetched, failed, bytes, rate, eta, null),
                HarvestInfo.class);
    }
}
