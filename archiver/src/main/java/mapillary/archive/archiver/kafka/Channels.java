package mapillary.archive.archiver.kafka;

/** The archiver's messaging channel names (topics are configured per channel in application.properties). */
public final class Channels {

    /** Incoming: the fetchers' per-image results, key = collection (consumed in batches). */
    public static final String IMAGE_RESULTS = "image-results";
    /** Incoming: STARTED, LISTED, CANCELLED, FAILED from the harvester, key = collection. */
    public static final String HARVEST_EVENTS = "harvest-events";
    /** Outgoing: DATE_TARRED, FINALISED, UPLOADED, UPLOAD_FAILED, key = collection. */
    public static final String COLLECTION_EVENTS = "collection-events";

    private Channels() {
    }
}
