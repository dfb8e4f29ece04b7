package mapillary.archive.testkit.kafka;

import mapillary.archive.common.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared broker is a real Kafka: our topics exist with their partition counts, and records go through. */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerTest {

    @Test
    void createsEveryTopicWithItsPartitionCount(KafkaBroker broker) throws Exception {
        try (Admin admin = TopicSetup.admin(broker.bootstrapServers())) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.PARTITIONS.keySet()).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            assertThat(topics).hasSize(Topics.PARTITIONS.size());
            Topics.PARTITIONS.forEach((name, count) -> assertThat(topics.get(name).partitions())
                    .as(name).hasSize(count));
            assertThat(topics.get(Topics.IMAGE_TASKS).partitions()).hasSize(24);
        }
    }

    @Test
    void producedRecordIsConsumed(KafkaBroker broker) throws Exception {
        String key = "image-" + UUID.randomUUID();
        RecordMetadata sent = send(broker.bootstrapServers(), Topics.IMAGE_TASKS, key, "{\"v\":1}");

        List<ConsumerRecord<String, String>> got = readFrom(broker.bootstrapServers(),
                new TopicPartition(Topics.IMAGE_TASKS, sent.partition()), sent.offset(), 1);

        assertThat(got).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(key);
            assertThat(r.value()).isEqualTo("{\"v\":1}");
        });
        assertThat(broker.isAlive()).isTrue();
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
    }

    @Test
    void quarkusResourceUsesTheSharedBroker(KafkaBroker broker) {
        Map<String, String> config = new KafkaBrokerResource().start();

        assertThat(config).containsExactly(Map.entry("kafka.bootstrap.servers", broker.bootstrapServers()));
        assertThat(System.getProperty(SharedKafkaBroker.PROPERTY)).isEqualTo(broker.bootstrapServers());
    }

    @Test
    void missingBrokerJarsGiveTheBuildCommand() {
        var options = KafkaBroker.Options.defaults().withLib(Path.of("target/no-such-broker-lib"));

        assertThatThrownBy(() -> KafkaBroker.start(options))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("./mvnw -pl testkit-broker package");
    }

    @Test
    void clusterIdsNeverStartWithADash() {
        for (int i = 0; i < 2_000; i++) {
            assertThat(KafkaBroker.clusterId()).hasSize(22).doesNotStartWith("-").matches("[A-Za-z0-9_-]+");
        }
    }

    static RecordMetadata send(String bootstrap, String topic, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    static List<ConsumerRecord<String, String>> readFrom(String bootstrap, TopicPartition tp, long offset, int count) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
