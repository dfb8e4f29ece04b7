package mapillary.archive.testkit.kafka;

import mapillary.archive.common.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits until a fresh broker serves requests, then creates our topics and waits until every partition has a leader. */
final class TopicSetup {

    private TopicSetup() {
    }

    static Admin admin(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "testkit-kafka-admin");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        return Admin.create(props);
    }

    /**
     * Waits for the cluster, creates each topic with its partition count (existing ones are kept, and grown if they
     * have fewer partitions), then waits until all their partitions have a leader.
     */
    static void ensureTopics(Admin admin, Map<String, Integer> partitions, long deadlineNanos,
                             BooleanSupplier brokerAlive) throws Exception {
        retry(deadlineNanos, brokerAlive, "the cluster to answer",
                () -> !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty());
        retry(deadlineNanos, brokerAlive, "topic creation", () -> {
            create(admin, partitions);
            return true;
        });
        retry(deadlineNanos, brokerAlive, "partition leaders", () -> allLed(admin, partitions));
    }

    private static void create(Admin admin, Map<String, Integer> partitions) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        partitions.forEach((name, count) -> topics.add(new NewTopic(name, count, (short) 1)
                .configs(Topics.CONFIGS.getOrDefault(name, Map.of()))));
        var result = admin.createTopics(topics);
        for (var e : result.values().entrySet()) {
            try {
                e.getValue().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw ex;
                }
            }
        }
        Map<String, NewPartitions> grow = new HashMap<>();
        Map<String, TopicDescription> described = admin.describeTopics(partitions.keySet()).allTopicNames()
                .get(10, TimeUnit.SECONDS);
        described.forEach((name, d) -> {
            int wanted = partitions.get(name);
            if (d.partitions().size() < wanted) {
                grow.put(name, NewPartitions.increaseTo(wanted));
            }
        });
        if (!grow.isEmpty()) {
            admin.createPartitions(grow).all().get(10, TimeUnit.SECONDS);
        }
    }

    private static boolean allLed(Admin admin, Map<String, Integer> partitions) throws Exception {
        Map<String, TopicDescription> described = admin.describeTopics(partitions.keySet()).allTopicNames()
                .get(5, TimeUnit.SECONDS);
        for (TopicDescription d : described.values()) {
            if (d.partitions().size() < partitions.get(d.name())) {
                return false;
            }
            for (TopicPartitionInfo p : d.partitions()) {
                if (p.leader() == null || p.leader().isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    interface Attempt {
        boolean run() throws Exception;
    }

    private static void retry(long deadlineNanos, BooleanSupplier brokerAlive, String what, Attempt attempt)
            throws Exception {
        Exception last = null;
        while (true) {
            if (!brokerAlive.getAsBoolean()) {
                throw new IllegalStateException("the broker process died while waiting for " + what);
            }
            try {
                if (attempt.run()) {
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException
                     | org.apache.kafka.common.KafkaException e) {
                last = e;
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("timed out waiting for " + what
                        + (last == null ? "" : " (last error: " + last + ")"), last);
            }
            Thread.sleep(Duration.ofMillis(100));
        }
    }
}
