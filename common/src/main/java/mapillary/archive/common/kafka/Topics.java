package mapillary.archive.common.kafka;

import java.util.Map;

/** Kafka topic names and partition counts shared by every service (DESIGN §2). */
public final class Topics {

    public static final String IMAGE_TASKS = "mapillary.image-tasks";
    public static final String IMAGE_RESULTS = "mapillary.image-results";
    public static final String HARVEST_EVENTS = "mapillary.harvest-events";
    public static final String COLLECTION_EVENTS = "mapillary.collection-events";
    public static final String IMAGE_TASKS_DLQ = "mapillary.image-tasks.dlq";
    /** Compacted: the newest progress snapshot of each collection's harvest (archiver to harvester). */
    public static final String HARVEST_PROGRESS = "mapillary.harvest-progress";

    /** Partitions per topic; image-tasks caps the number of fetcher replicas. */
    public static final Map<String, Integer> PARTITIONS = Map.of(
            IMAGE_TASKS, 24,
            IMAGE_RESULTS, 6,
            HARVEST_EVENTS, 6,
            COLLECTION_EVENTS, 6,
            IMAGE_TASKS_DLQ, 1,
            HARVEST_PROGRESS, 6);

    /** Topic configs that differ from the broker's defaults. */
    public static final Map<String, Map<String, String>> CONFIGS = Map.of(
            HARVEST_PROGRESS, Map.of("cleanup.policy", "compact"));

    private Topics() {
    }
}
