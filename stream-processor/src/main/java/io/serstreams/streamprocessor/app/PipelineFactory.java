package io.serstreams.streamprocessor.app;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.serstreams.featureextractor.features.FrontEnd;
import io.serstreams.featureextractor.topology.FeatureTopologyConfig;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.engine.ConcurrencyLimitedClassifier;
import io.serstreams.modelserver.engine.SegmentClassifier;
import io.serstreams.modelserver.service.MeteredClassifier;
import io.serstreams.schemas.errors.ErrorText;
import io.serstreams.schemas.registry.CachingSchemaRegistryClient;
import io.serstreams.schemas.registry.RegistryClientConfig;
import io.serstreams.schemas.registry.RestSchemaRegistryClient;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.streamprocessor.inference.InferenceTopology;
import io.serstreams.streamprocessor.pipeline.PipelineTopology;
import io.serstreams.streamprocessor.replay.ServiceEndpoint;
import io.serstreams.streamprocessor.summary.AlertRules;
import io.serstreams.streamprocessor.topics.TopicProvisioner;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.KStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Wires the pipeline into Micronaut's Kafka Streams builder after checking, before anything
 * starts, that the broker and the registry answer and the settings hold together; each failure
 * stops start-up with a message naming what is wrong.
 */
@Factory
public class PipelineFactory {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    SchemaRegistryClient registry(PipelineSettings settings) {
        String url = settings.getRegistryUrl();
        RegistryClientConfig config = RegistryClientConfig.fromProperties(Map.of("schema.registry.url", url));
        String remedy = ": start it, or set ser.pipeline.registry-url (SER_PIPELINE_REGISTRY_URL)";
        try {
            // The HTTP client's failure carries no reason; a plain connection says "Connection refused", "unknown host", ...
            ServiceEndpoint.requireOneReachable(config.urls().stream().map(u -> ServiceEndpoint.ofUrl("schema registry", u)).toList(), config.timeout());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + remedy, e);
        }
        SchemaRegistryClient client = new CachingSchemaRegistryClient(new RestSchemaRegistryClient(config));
        try {
            client.subjects();
        } catch (RuntimeException e) {
            client.close();
            throw new IllegalStateException("the schema registry at " + url + " does not answer (" + ErrorText.of(e) + ")" + remedy, e);
        }
        return client;
    }

    @Singleton
    KStream<String, ?> pipeline(ConfiguredStreamBuilder builder, PipelineSettings pipeline, InferenceSettings inference, SummarySettings summary,
                                ProfilesSettings profiles, SchemaRegistryClient registry, BeanContext context,
                                @Value("${kafka.bootstrap.servers}") String bootstrap) {
        Set<PipelineTopology.Role> roles = roles(pipeline.getRoles());
        Properties streams = builder.getConfiguration();
        InferenceTopology.Settings settings = new InferenceTopology.Settings(inference.policy(), AlertRules.parse(summary.getAlertRules()),
                summary.getTrendWindow(), summary.getRetention(), inference.domainTagger(), inference.isPerDomainTopics(), profiles.settings());
        long pollInterval = Long.parseLong(streams.getProperty(StreamsConfig.consumerPrefix("max.poll.interval.ms"),
                streams.getProperty("max.poll.interval.ms", "300000")));
        settings.batching().checkAgainstPollInterval(Duration.ofMillis(pollInterval));

        Map<String, Object> admin = new HashMap<>();
        streams.forEach((k, v) -> admin.put(k.toString(), v));
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        checkBroker(admin, bootstrap, pipeline.getBrokerTimeout());

        InferenceEngine engine = null;
        SegmentClassifier classifier = null;
        if (roles.contains(PipelineTopology.Role.INFERENCE)) {
            if (!context.containsBean(InferenceEngine.class)) {
                throw new IllegalStateException("the inference role needs the model: ser.model.enabled is false");
            }
            engine = context.getBean(InferenceEngine.class);
            // The limit outside the meter: the latency it records is the model's, not the wait for a turn.
            classifier = new ConcurrencyLimitedClassifier(context.getBean(MeteredClassifier.class), inference.modelCallLimit());
        }
        if (pipeline.isCreateTopics()) {
            List<String> domainTopics = engine != null && inference.isPerDomainTopics() ? InferenceTopology.domainTopics(engine.manifest()) : List.of();
            Map<String, Integer> topics = new TopicProvisioner(adminOnly(admin)).ensure(pipeline.getPartitions(), pipeline.getReplicationFactor(), domainTopics);
            LOG.info("topics: {}", topics);
        }
        LOG.info("roles {}; model {}; batching {}; model calls at once {}; processing guarantee {}; domain profiles {}", roles,
                engine == null ? "none" : engine.manifest().name() + "-" + engine.manifest().version() + " on " + engine.device(), settings.batching(),
                engine == null ? "-" : inference.modelCallLimit(),
                streams.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG), profiles.describe());
        FrontEnd frontEnd;
        try {
            frontEnd = engine != null ? engine.bundle().frontEnd() : FrontEnd.ofId(pipeline.getFrontEnd());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ser.pipeline.front-end: " + e.getMessage());
        }
        LOG.info("features: {}", frontEnd == FrontEnd.VGGISH_LOGMEL ? "vggish-logmel patches"
                : "vggish-logmel patches and the " + frontEnd.id() + " of each segment");
        return PipelineTopology.addTo(builder, roles, FeatureTopologyConfig.DEFAULT.withFrontEnd(frontEnd), settings, classifier,
                engine == null ? null : engine.manifest(), registry);
    }

    static Set<PipelineTopology.Role> roles(List<String> names) {
        Set<PipelineTopology.Role> roles = EnumSet.noneOf(PipelineTopology.Role.class);
        for (String name : names) {
            try {
                roles.add(PipelineTopology.Role.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ser.pipeline.roles: unknown role '" + name + "' (features, inference)");
            }
        }
        return roles;
    }

    /** Security and connection settings only: Admin warns about every consumer or streams key. */
    private static Map<String, Object> adminOnly(Map<String, Object> all) {
        Map<String, Object> out = new HashMap<>();
        all.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static void checkBroker(Map<String, Object> admin, String bootstrap, Duration timeout) {
        Map<String, Object> props = adminOnly(admin);
        int millis = (int) timeout.toMillis();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        String remedy = ": start one, or set kafka.bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS)";
        try {
            // Kafka's clients only log a refused connection and retry until the timeout; a plain connection names the reason at once.
            ServiceEndpoint.requireOneReachable(ServiceEndpoint.ofHostPorts("Kafka broker", bootstrap), timeout);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + remedy, e);
        }
        try (Admin client = Admin.create(props)) {
            client.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).clusterId().get(millis + 5000L, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no Kafka broker answers at " + bootstrap + " (" + ErrorText.of(e) + ")" + remedy, e);
        }
    }
}
