package mapillary.archive.testkit.kafka;

import mapillary.archive.common.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broker of its own: stop() and restart() keep the data and the address; close() leaves nothing behind. */
class KafkaBrokerLifecycleTest {

    @Test
    void restartKeepsRecordsAndCloseRemovesEverything() throws Exception {
        KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults().withPartitions("testkit.extra", 3));
        Path data = broker.dataDir();
        long firstPid = broker.pid();
        Optional<ProcessHandle> child;
        try {
            assertThat(broker.topics()).containsEntry("testkit.extra", 3)
                    .containsEntry(Topics.IMAGE_TASKS, 24);
            RecordMetadata sent = KafkaBrokerTest.send(broker.bootstrapServers(), Topics.HARVEST_EVENTS,
                    "mapillary-alice-1024", "kept across a restart");

            broker.stop();
            assertThat(broker.isAlive()).isFalse();
            assertThat(answers(broker.port())).isFalse();
            assertThat(data).isDirectory();

            broker.restart();
            assertThat(broker.isAlive()).isTrue();
            assertThat(broker.pid()).isNotEqualTo(firstPid);
            child = ProcessHandle.of(broker.pid());
            List<ConsumerRecord<String, String>> got = KafkaBrokerTest.readFrom(broker.bootstrapServers(),
                    new TopicPartition(Topics.HARVEST_EVENTS, sent.partition()), sent.offset(), 1);
            assertThat(got).singleElement().extracting(ConsumerRecord::value).isEqualTo("kept across a restart");
        } finally {
            broker.close();
        }

        assertThat(broker.isAlive()).isFalse();
        assertThat(child).hasValueSatisfying(h -> assertThat(h.isAlive()).isFalse());
        assertThat(answers(broker.port())).isFalse();
        assertThat(Files.exists(data)).isFalse();
        assertThatThrownBy(broker::restart).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void brokerThatDiesFailsFastWithItsLogTail() {
        var options = KafkaBroker.Options.defaults().withHeap("1k");

        assertThatThrownBy(() -> KafkaBroker.start(options))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("broker.log")
                .hasMessageContaining("heap");
    }

    private static boolean answers(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
