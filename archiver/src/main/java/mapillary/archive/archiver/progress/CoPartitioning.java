package mapillary.archive.archiver.progress;

import jakarta.enterprise.context.ApplicationScoped;
import mapillary.archive.common.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Refuses to start the tracking topology when results and harvest events are not co-partitioned: with different
 * partition counts a collection's results and its LISTED would reach different tasks, and it would never finish.
 */
@ApplicationScoped
public class CoPartitioning {

    private static final Logger LOG = Logger.getLogger(CoPartitioning.class);

    private final String bootstrap;

    public CoPartitioning(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Throws when both topics exist with different partition counts; a missing topic is left to Quarkus's wait. */
    void verify() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                15_000))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(Topics.IMAGE_RESULTS,
                    Topics.HARVEST_EVENTS)).allTopicNames().get(20, TimeUnit.SECONDS);
            check(topics.get(Topics.IMAGE_RESULTS).partitions().size(),
                    topics.get(Topics.HARVEST_EVENTS).partitions().size());
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Could not check that %s and %s are co-partitioned (%s); starting anyway",
                    Topics.IMAGE_RESULTS, Topics.HARVEST_EVENTS, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void check(int results, int events) {
        if (results != events) {
            throw new IllegalStateException(Topics.IMAGE_RESULTS + " has " + results + " partitions and "
                    + Topics.HARVEST_EVENTS + " has " + events + ": they must have the same count (both keyed by "
                    + "collection), or a collection's results and its LISTED reach different tasks; give both "
                    + Topics.PARTITIONS.get(Topics.IMAGE_RESULTS) + " partitions");
        }
    }
}
