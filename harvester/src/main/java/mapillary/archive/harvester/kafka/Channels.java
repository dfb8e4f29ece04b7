package mapillary.archive.harvester.kafka;

/** The harvester's messaging channel names (topics are configured per channel in application.properties). */
public final class Channels {

    /** Outgoing: one task per image, key = image id. */
    public static final String IMAGE_TASKS = "image-tasks";
    /** Outgoing: STARTED, LISTED, CANCELLED, FAILED, key = collection. */
    public static final String HARVEST_EVENTS = "harvest-events";
    /** Incoming: the archiver's progress snapshots (compacted, key = collection), for the counts. */
    public static final String HARVEST_PROGRESS = "harvest-progress";
    /** Incoming: the archiver's steps, for the final status. */
    public static final String COLLECTION_EVENTS = "collection-events";

    private Channels() {
    }
}
