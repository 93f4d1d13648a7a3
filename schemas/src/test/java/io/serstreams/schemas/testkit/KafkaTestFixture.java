package io.serstreams.schemas.testkit;

/**
 * A real Kafka broker for integration tests: a Testcontainers {@code KafkaContainer} where a Docker
 * engine runs, else a single-node KRaft cluster from Kafka's own test kit (as on the project's
 * build machines). Tests see only this interface, through {@link SharedKafkaCluster}.
 */
public interface KafkaTestFixture extends AutoCloseable {
    String bootstrapServers();

    /** Which kind of broker this is, for logs. */
    String description();

    @Override
    void close();

    /**
     * The fixture for this machine: {@code -Dser.test.kafka=kraft} or {@code =container} forces one;
     * otherwise a container when Testcontainers is on the class path and finds a Docker engine.
     */
    static KafkaTestFixture start() {
        String forced = System.getProperty("ser.test.kafka", "");
        boolean container = forced.equals("container") || forced.isEmpty() && ContainerKafka.dockerAvailable();
        return container ? ContainerKafka.start() : KraftTestKitKafka.start();
    }
}
