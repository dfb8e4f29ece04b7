package mapillary.archive.archiver.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import mapillary.archive.common.event.Json;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;

/**
 * JSON (the one mapping of {@link Json}) for the topology's topics and stores. A value that is no readable JSON of
 * the type comes out as null, for the processor to count and drop: a bad record must never stop the topology.
 */
public final class JsonSerde {

    private JsonSerde() {
    }

    public static <T> Serde<T> of(Class<T> type) {
        Serializer<T> ser = (topic, value) -> {
            try {
                return value == null ? null : Json.MAPPER.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not serialisable: " + type.getSimpleName(), e);
            }
        };
        Deserializer<T> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return Json.MAPPER.readValue(bytes, type);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        };
        return Serdes.serdeFrom(ser, de);
    }
}
