package mapillary.archive.harvester;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.event.Json;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads a whole topic from the beginning with a plain consumer (no group), for assertions on what was published. */
public final class TopicReader implements AutoCloseable {

    /** A record's key and JSON value. */
    public record Rec(String key, JsonNode value) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Rec> seen = new ArrayList<>();

    public TopicReader(String topic) {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Polls until {@code done} holds for the records matching {@code filter} (or the timeout); returns them. */
    public List<Rec> readUntil(Predicate<Rec> filter, Predicate<List<Rec>> done, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        List<Rec> matching = new ArrayList<>(seen.stream().filter(filter).toList());
        while (!done.test(matching) && Instant.now().isBefore(end)) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                Rec rec = new Rec(r.key(), parse(r.value()));
                seen.add(rec);
                if (filter.test(rec)) {
                    matching.add(rec);
                }
            }
        }
        return matching;
    }

    /** Everything matching {@code filter} that arrives within {@code quiet} of silence. */
    public List<Rec> readAll(Predicate<Rec> filter, Duration quiet) {
        int[] last = {-1};
        Instant[] changed = {Instant.now()};
        return readUntil(filter, l -> {
            if (l.size() != last[0]) {
                last[0] = l.size();
                changed[0] = Instant.now();
                return false;
            }
            return Duration.between(changed[0], Instant.now()).compareTo(quiet) > 0;
        }, Duration.ofSeconds(60));
    }

    private static JsonNode parse(String v) {
        try {
            return v == null ? null : Json.MAPPER.readTree(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
