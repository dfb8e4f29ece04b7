package mapillary.archive.archiver.kafka;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.common.event.CollectionEvent;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;

/** Publishes collection events keyed by collection and waits for the broker's acknowledgement. */
@ApplicationScoped
public class CollectionEventPublisher implements CollectionEvents {

    private final MutinyEmitter<CollectionEvent> emitter;

    @Inject
    public CollectionEventPublisher(@Channel(Channels.COLLECTION_EVENTS) MutinyEmitter<CollectionEvent> emitter) {
        this.emitter = emitter;
    }

    @Override
    public void publish(CollectionEvent event) {
        Message<CollectionEvent> m = Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.collection()).build());
        emitter.sendMessage(m).await().atMost(Duration.ofSeconds(60));
    }
}
