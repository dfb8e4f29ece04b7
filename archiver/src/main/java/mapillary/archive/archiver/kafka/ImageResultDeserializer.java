package mapillary.archive.archiver.kafka;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;
import mapillary.archive.common.event.ImageResult;

/** JSON to {@link ImageResult} for the image-results channel. */
public class ImageResultDeserializer extends ObjectMapperDeserializer<ImageResult> {

    public ImageResultDeserializer() {
        super(ImageResult.class);
    }
}
