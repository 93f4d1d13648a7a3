package io.serstreams.schemas.testkit;

import io.serstreams.schemas.topics.TopicCreator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * One real Kafka broker per test JVM ({@link KafkaTestFixture}: a Kafka container where Docker runs,
 * else Kafka's KRaft test kit), started on first use and stopped when the JVM exits. Tests keep out
 * of each other's way by using {@link #uniqueName} topics.
 */
public final class SharedKafkaCluster {
    private static KafkaTestFixture cluster;

    private SharedKafkaCluster() {
    }

    /** The cluster's bootstrap servers, starting it if this is the first call. */
    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            cluster = KafkaTestFixture.start();
            System.err.println("shared test broker: " + cluster.description() + " at " + cluster.bootstrapServers());
            Runtime.getRuntime().addShutdownHook(new Thread(SharedKafkaCluster::stop, "shared-kafka-cluster-stop"));
        }
        return cluster.bootstrapServers();
    }

    /** Client properties that reach the cluster. */
    public static Map<String, Object> clientProps() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /** A name no other test uses, for topics, groups and application ids. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates topics with the given partition count, returning once the broker serves them. */
    public static void createTopics(int partitions, String... topics) {
        try (Admin admin = Admin.create(clientProps())) {
            new TopicCreator(admin, Duration.ofSeconds(30)).ensure(Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList());
        }
    }

    /** Which kind of broker serves this JVM's tests (starting it if needed). */
    public static synchronized String description() {
        bootstrapServers();
        return cluster.description();
    }

    /** Stops the cluster if a test started it; later calls start a new one. */
    public static void stopIfStarted() {
        stop();
    }

    private static synchronized void stop() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
