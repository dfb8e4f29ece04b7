package mapillary.archive.archiver.kafka;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;
import mapillary.archive.common.event.HarvestEvent;

/** JSON to {@link HarvestEvent} for the harvest-events channel. */
public class HarvestEventDeserializer extends ObjectMapperDeserializer<HarvestEvent> {

    public HarvestEventDeserializer() {
        super(HarvestEvent.class);
    }
}
