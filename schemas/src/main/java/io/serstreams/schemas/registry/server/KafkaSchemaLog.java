package io.serstreams.schemas.registry.server;

import io.serstreams.schemas.registry.RegistryError;
import io.serstreams.schemas.registry.SchemaRegistryException;
import io.serstreams.schemas.topics.TopicCreator;
import io.serstreams.schemas.topics.TopicSetupException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A {@link SchemaLog} in a compacted, single-partition Kafka topic (by default {@code _schemas}, as
 * Confluent's registry uses), so schemas survive a restart of the registry for as long as the topic lives.
 */
public final class KafkaSchemaLog implements SchemaLog {
    public static final String DEFAULT_TOPIC = "_schemas";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final TopicPartition partition;
    private final Map<String, Object> clientProps;
    private final SchemaLogCodec codec = new SchemaLogCodec();
    private final KafkaProducer<String, String> producer;

    /**
     * @param clientProps Kafka client settings: at least {@code bootstrap.servers}, plus any security settings
     */
    public KafkaSchemaLog(Map<String, Object> clientProps, String topic) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.clientProps = Map.copyOf(clientProps);
        createTopicIfAbsent();
        Map<String, Object> producerProps = new HashMap<>(clientProps);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-log");
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
    }

    /** A log on the default topic of the cluster at {@code bootstrapServers}. */
    public static KafkaSchemaLog on(String bootstrapServers) {
        return new KafkaSchemaLog(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), DEFAULT_TOPIC);
    }

    @Override
    public void replay(Consumer<SchemaLogRecord> apply) {
        Map<String, Object> consumerProps = new HashMap<>(clientProps);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-replay");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new SchemaRegistryException(RegistryError.STORE_ERROR,
                            "timed out reading the schema log " + topic + " up to offset " + end);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    // A null value is a tombstone: the codec reads it as the removal of what the key names.
                    apply.accept(codec.decode(record.key(), record.value()));
                }
            }
        }
    }

    @Override
    public void append(SchemaLogRecord record) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, codec.key(record), codec.value(record)))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new SchemaRegistryException(RegistryError.STORE_ERROR, 50001, 500, "could not write to the schema log " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(RegistryError.OPERATION_TIMEOUT, 50002, 500, "interrupted writing to the schema log " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private void createTopicIfAbsent() {
        try (Admin admin = Admin.create(clientProps)) {
            int brokers = admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            NewTopic newTopic = new NewTopic(topic, 1, (short) Math.min(3, brokers))
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            new TopicCreator(admin, TIMEOUT).ensure(List.of(newTopic));
        } catch (TopicSetupException e) {
            throw new SchemaRegistryException(RegistryError.STORE_ERROR, 50001, 500, "schema log: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new SchemaRegistryException(RegistryError.STORE_ERROR, 50001, 500, "could not reach the Kafka cluster at "
                    + clientProps.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new SchemaRegistryException(RegistryError.STORE_ERROR, 50001, 500, "no Kafka cluster answered at " + clientProps.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(RegistryError.OPERATION_TIMEOUT, 50002, 500, "interrupted creating " + topic, e);
        }
    }
}
