package io.serstreams.schemas.testkit;

/**
 * Kafka in a Docker container (Testcontainers' {@code KafkaContainer}, Apache Kafka image, KRaft).
 * Testcontainers is touched only through reflection-free code in this class, which is loaded only
 * when its classes are on the class path, so modules without it fall back to the KRaft test kit.
 */
final class ContainerKafka implements KafkaTestFixture {
    static final String IMAGE = "apache/kafka:4.1.0";
    private final org.testcontainers.kafka.KafkaContainer container;

    private ContainerKafka(org.testcontainers.kafka.KafkaContainer container) {
        this.container = container;
    }

    /** Whether Testcontainers is present and finds a Docker engine. */
    static boolean dockerAvailable() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, ContainerKafka.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return false;
        }
        return DockerCheck.available();
    }

    static ContainerKafka start() {
        var container = new org.testcontainers.kafka.KafkaContainer(IMAGE)
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new ContainerKafka(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String description() {
        return "Testcontainers KafkaContainer (" + IMAGE + ")";
    }

    @Override
    public void close() {
        container.stop();
    }

    /** Kept apart so that loading {@link ContainerKafka} does not need Testcontainers. */
    private static final class DockerCheck {
        static boolean available() {
            try {
                return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }
    }
}
