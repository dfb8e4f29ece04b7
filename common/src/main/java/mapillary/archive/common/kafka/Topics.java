package mapillary.archive.common.kafka;

import java.util.Map;

/** Kafka topic names and partition counts shared by every service (DESIGN §2). */
public final class Topics {

    public static final String IMAGE_TASKS = "mapillary.image-tasks";
    public static final String IMAGE_RESULTS = "mapillary.image-results";
    public static final String HARVEST_EVENTS = "mapillary.harvest-events";
    public static final String COLLECTION_EVENTS = "mapillary.collection-events";
    public static final String IMAGE_TASKS_DLQ = "mapillary.image-tasks.dlq";

    /** Partitions per topic; image-tasks caps the number of fetcher replicas. */
    public static final Map<String, Integer> PARTITIONS = Map.of(
            IMAGE_TASKS, 24,
            IMAGE_RESULTS, 6,
            HARVEST_EVENTS, 6,
            COLLECTION_EVENTS, 6,
            IMAGE_TASKS_DLQ, 1);

    private Topics() {
    }
}
