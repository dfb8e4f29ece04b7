package mapillary.archive.e2e;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Looks for secret strings in files (gzip opened), Kafka records and HTTP answers, and counts what it scanned. */
final class SecretScan {

    private final List<byte[]> secrets;
    private final List<String> names;
    private final List<String> hits = new ArrayList<>();
    private final Map<String, Long> scanned = new TreeMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    SecretScan(List<String> secrets) {
        this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.names = secrets.stream().map(s -> s.substring(0, 4) + "…").toList();
    }

    /** A log file, line by line. */
    void file(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                scanned.merge("log lines", 1L, Long::sum);
                check(line.getBytes(StandardCharsets.UTF_8), log.getFileName() + ": " + abbreviate(line));
            });
        }
    }

    /** Every regular file below {@code root}; {@code .gz} files are read decompressed too. */
    void tree(Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            scanned.merge("files", 1L, Long::sum);
            scanned.merge("file bytes", Files.size(f), Long::sum);
            check(Files.readAllBytes(f), root.relativize(f).toString());
            if (f.getFileName().toString().endsWith(".gz")) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                    check(in.readAllBytes(), root.relativize(f) + " (decompressed)");
                }
            }
        }
    }

    /** Every record of every topic, keys, values and headers, from the beginning. */
    void kafka(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics(Duration.ofSeconds(30)).forEach((topic, infos) -> infos.forEach(
                    i -> partitions.add(new TopicPartition(topic, i.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    scanned.merge("kafka records", 1L, Long::sum);
                    String where = r.topic() + "-" + r.partition() + "@" + r.offset();
                    check(r.key(), where + " key");
                    check(r.value(), where + " value");
                    for (Header h : r.headers()) {
                        check(h.value(), where + " header " + h.key());
                    }
                }
            }
        }
    }

    /** One GET, its status line, headers and body. */
    void http(String url, String apiKey) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        scanned.merge("http answers", 1L, Long::sum);
        check(r.headers().map().toString().getBytes(StandardCharsets.UTF_8), url + " headers");
        check(r.body(), url + " body");
    }

    List<String> hits() {
        return hits;
    }

    Map<String, Long> scanned() {
        return scanned;
    }

    private void check(byte[] data, String where) {
        if (data == null) {
            return;
        }
        for (int i = 0; i < secrets.size(); i++) {
            if (indexOf(data, secrets.get(i)) >= 0) {
                hits.add(where + ": " + names.get(i));
            }
        }
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String abbreviate(String line) {
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
