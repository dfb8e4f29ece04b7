package mapillary.archive.stats.kafka;

/** Names of the messaging channels stats consumes (topics are set in application.properties). */
public final class Channels {

    /** {@code mapillary.collection-events}: what the archiver finalised and uploaded. */
    public static final String COLLECTION_EVENTS = "collection-events";

    private Channels() {
    }
}
