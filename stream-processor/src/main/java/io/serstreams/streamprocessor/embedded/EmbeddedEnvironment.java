package io.serstreams.streamprocessor.embedded;

import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.registry.CompatibilityLevel;
import io.serstreams.schemas.registry.RegistryClientConfig;
import io.serstreams.schemas.registry.RestSchemaRegistryClient;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.registry.server.KafkaSchemaLog;
import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.registry.server.SchemaRegistryService;
import io.serstreams.schemas.serde.WireFormat;
import io.serstreams.streamprocessor.topics.TopicProvisioner;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the pipeline needs around it, in this JVM: a KRaft broker, a schema registry keeping
 * its schemas in that broker, the pipeline's topics, and the event schemas registered.
 */
public final class EmbeddedEnvironment implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final SchemaRegistryServer registry;
    private final Map<String, Integer> topics;
    private final Map<String, Integer> schemaIds;

    private EmbeddedEnvironment(EmbeddedKafkaBroker broker, SchemaRegistryServer registry, Map<String, Integer> topics, Map<String, Integer> schemaIds) {
        this.broker = broker;
        this.registry = registry;
        this.topics = topics;
        this.schemaIds = schemaIds;
    }

    /**
     * Starts it all on 127.0.0.1.
     *
     * @param kafkaPort    broker port, 0 for a free one
     * @param registryPort registry port, 0 for a free one
     * @param partitions   partitions of each pipeline topic
     */
    public static EmbeddedEnvironment start(int kafkaPort, int registryPort, int partitions) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafkaPort, Map.of());
        SchemaRegistryServer registry = null;
        try {
            Map<String, Object> clientProps = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            SchemaRegistryService service = new SchemaRegistryService(
                    new KafkaSchemaLog(clientProps, KafkaSchemaLog.DEFAULT_TOPIC), CompatibilityLevel.BACKWARD);
            registry = SchemaRegistryServer.start(service, new InetSocketAddress("127.0.0.1", registryPort), null);
            Map<String, Integer> topics = new TopicProvisioner(clientProps).ensure(partitions, (short) 1);
            Map<String, Integer> ids = new LinkedHashMap<>();
            try (SchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of(registry.url()))) {
                for (EventTopic topic : EventTopic.values()) {
                    topic.valueSchema().ifPresent(schema -> {
                        String subject = WireFormat.subject(topic.topicName(), false);
                        ids.put(subject, client.register(subject, schema.toString()));
                    });
                }
            }
            return new EmbeddedEnvironment(broker, registry, topics, ids);
        } catch (RuntimeException e) {
            if (registry != null) {
                registry.close();
            }
            broker.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    /** Pipeline topic names with their partition counts. */
    public Map<String, Integer> topics() {
        return topics;
    }

    /** Registered subjects with their schema ids. */
    public Map<String, Integer> schemaIds() {
        return schemaIds;
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }
}
