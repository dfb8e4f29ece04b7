package mapillary.archive.testkit.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives {@code @QuarkusTest} classes a real Kafka broker: {@code @WithTestResource(KafkaBrokerResource.class)}. All
 * test classes of a JVM share one broker (see {@link SharedKafkaBroker}); it stops when the JVM exits.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", SharedKafkaBroker.bootstrapServers());
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM: the broker's shutdown hook stops it
    }
}
