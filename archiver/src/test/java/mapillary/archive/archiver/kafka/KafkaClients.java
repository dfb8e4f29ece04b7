package mapillary.archive.archiver.kafka;

import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.Json;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.fail;

/** Plain Kafka clients for tests: JSON values produced the way the other services do, events read back. */
final class KafkaClients {

    private KafkaClients() {
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    static KafkaConsumer<String, String> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    static <T> void send(KafkaProducer<String, String> p, String topic, String key, T value) throws Exception {
        p.send(new ProducerRecord<>(topic, key, Json.MAPPER.writeValueAsString(value))).get();
    }

    /** The collection's events up to and including the first of type {@code last}; fails after {@code timeout}. */
    static List<CollectionEvent> awaitEvent(KafkaConsumer<String, String> consumer, String collection,
                                            CollectionEvent.Type last, Duration timeout) throws Exception {
        List<CollectionEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                if (!collection.equals(r.key())) {
                    continue;
                }
                CollectionEvent e = Json.MAPPER.readValue(r.value(), CollectionEvent.class);
                seen.add(e);
                if (e.type() == last) {
                    return seen;
                }
            }
        }
        return fail("no " + last + " event for " + collection + " within " + timeout + "; saw " + seen);
    }
}
