package mapillary.archive.archiver.progress;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import mapillary.archive.archiver.config.ArchiverConfig;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.HarvestProgress;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.kafka.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;

/**
 * The archiver's tracking topology (Kafka Streams, exactly-once): image results and harvest events, co-partitioned
 * by collection, into per-harvest counts deduplicated in RocksDB, published as progress snapshots on the compacted
 * {@code mapillary.harvest-progress}. Its description is printed in {@code docs/tracking.md}.
 */
@ApplicationScoped
public class ProgressTopology {

    static final String RESULTS = "image-results";
    static final String HARVEST_EVENTS = "harvest-events";
    static final String COUNT_RESULTS = "count-results";
    static final String TRACK_HARVESTS = "track-harvests";
    static final String PROGRESS = "harvest-progress";

    @Produces
    Topology topology(CoPartitioning check, ArchiverConfig config) {
        check.verify();
        return build(config.progressInterval());
    }

    /** The topology; {@code interval} is the wall-clock time between two snapshots of a harvest. */
    public static Topology build(Duration interval) {
        Topology t = new Topology();
        t.addSource(RESULTS, Serdes.String().deserializer(), JsonSerde.of(ImageResult.class).deserializer(),
                Topics.IMAGE_RESULTS);
        t.addSource(HARVEST_EVENTS, Serdes.String().deserializer(), JsonSerde.of(HarvestEvent.class).deserializer(),
                Topics.HARVEST_EVENTS);
        t.addProcessor(COUNT_RESULTS, ResultCounter::new, RESULTS);
        t.addProcessor(TRACK_HARVESTS, () -> new HarvestEventProcessor(interval), HARVEST_EVENTS);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ProgressStores.OUTCOMES),
                Serdes.String(), Serdes.ByteArray()), COUNT_RESULTS);
        // cached: one harvest's counts change with every result, and only the last value per commit is written
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ProgressStores.PROGRESS),
                Serdes.String(), JsonSerde.of(ProgressCounts.class)).withCachingEnabled(), COUNT_RESULTS,
                TRACK_HARVESTS);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ProgressStores.CURRENT),
                Serdes.String(), Serdes.String()), COUNT_RESULTS, TRACK_HARVESTS);
        t.addSink(PROGRESS, Topics.HARVEST_PROGRESS, Serdes.String().serializer(),
                JsonSerde.of(HarvestProgress.class).serializer(), COUNT_RESULTS, TRACK_HARVESTS);
        return t;
    }
}
