package mapillary.archive.harvester.kafka;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.ImageTask;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.util.concurrent.CompletableFuture;

/** Publishes image tasks and harvest events with their keys; every send returns a future completed on the broker's ack. */
@ApplicationScoped
public class EventPublisher {

    private final MutinyEmitter<ImageTask> tasks;
    private final MutinyEmitter<HarvestEvent> events;

    @Inject
    public EventPublisher(@Channel(Channels.IMAGE_TASKS) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                          MutinyEmitter<ImageTask> tasks,
                          @Channel(Channels.HARVEST_EVENTS) MutinyEmitter<HarvestEvent> events) {
        this.tasks = tasks;
        this.events = events;
    }

    /** Sends a task keyed by image id; the future completes when the broker acknowledged it. */
    public CompletableFuture<Void> task(String imageId, ImageTask task) {
        return tasks.sendMessage(keyed(imageId, task)).subscribeAsCompletionStage();
    }

    /** Sends a harvest event keyed by collection; the future completes when the broker acknowledged it. */
    public CompletableFuture<Void> event(HarvestEvent event) {
        return events.sendMessage(keyed(event.collection(), event)).subscribeAsCompletionStage();
    }

    private static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
