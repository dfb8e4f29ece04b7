package mapillary.archive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Per-image latency of one harvest, read back from Kafka after it ended: the CreateTime of the image's result record
 * minus the CreateTime of its task record (both stamped by producers on this machine). It covers waiting in the topic
 * behind earlier tasks, download, EXIF, conversion and the atomic write; not listing, tarring or finalising.
 */
public final class TaskLatencies {

    private TaskLatencies() {
    }

    /** Latencies in ms, one per image that has both a task and a result of {@code harvestId}. */
    public static List<Double> of(String bootstrapServers, String harvestId) {
        Map<String, Long> published = new HashMap<>();
        Map<String, Long> resulted = new HashMap<>();
        read(bootstrapServers, Topics.IMAGE_TASKS, r -> {
            JsonNode v = json(r.value());
            if (v != null && harvestId.equals(v.path("harvestId").asText()) && r.key() != null) {
                published.merge(r.key(), r.timestamp(), Math::min);
            }
        });
        read(bootstrapServers, Topics.IMAGE_RESULTS, r -> {
            JsonNode v = json(r.value());
            if (v != null && harvestId.equals(v.path("harvestId").asText())) {
                resulted.merge(v.path("imageId").asText(), r.timestamp(), Math::max);
            }
        });
        List<Double> latencies = new ArrayList<>();
        resulted.forEach((id, t) -> {
            Long t0 = published.get(id);
            if (t0 != null) {
                latencies.add((double) (t - t0));
            }
        });
        latencies.sort(Double::compare);
        return latencies;
    }

    private static JsonNode json(String value) {
        try {
            return value == null ? null : Json.MAPPER.readTree(value);
        } catch (IOException e) {
            return null;
        }
    }

    private static void read(String bootstrapServers, String topic,
                             java.util.function.Consumer<ConsumerRecord<String, String>> each) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(topic, info.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!reached(c, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes");
                }
                c.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }

    private static boolean reached(KafkaConsumer<String, String> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
