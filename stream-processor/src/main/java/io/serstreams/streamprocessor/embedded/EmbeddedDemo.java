package io.serstreams.streamprocessor.embedded;

import io.micronaut.context.ApplicationContext;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.serde.ConfluentAvroSerializer;
import io.serstreams.streamprocessor.app.SerStreamsApplication;
import io.serstreams.streamprocessor.replay.CallRecording;
import io.serstreams.streamprocessor.replay.CallReplayer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's moving parts: the embedded broker and registry (unless a cluster is given), and the
 * application with both roles, started in that order and closed in the reverse one; plus replay of
 * calls into it. {@code ser demo} and the dashboard's browser test run it.
 */
public final class EmbeddedDemo implements AutoCloseable {
    private final EmbeddedEnvironment env;
    private final ApplicationContext app;
    private final String bootstrapServers;
    private final String registryUrl;

    /** Where the demo runs: the embedded cluster's ports (0: free ones), or an existing cluster when {@code bootstrap} is set. */
    public record Settings(String bootstrap, String registryUrl, int kafkaPort, int registryPort, int httpPort, int partitions, Path model,
                           Map<String, Object> overrides) {
        public Settings(String bootstrap, String registryUrl, int kafkaPort, int registryPort, int httpPort, int partitions, Path model) {
            this(bootstrap, registryUrl, kafkaPort, registryPort, httpPort, partitions, model, Map.of());
        }
    }

    private EmbeddedDemo(EmbeddedEnvironment env, ApplicationContext app, String bootstrapServers, String registryUrl) {
        this.env = env;
        this.app = app;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    public static EmbeddedDemo start(Settings settings, PrintStream out) {
        if (settings.httpPort() > 0) {
            // Before the broker starts: Micronaut's own failure to bind says only "Address already in use", without the port.
            EmbeddedKafkaBroker.requireFree(settings.httpPort());
        }
        EmbeddedEnvironment env = null;
        try {
            String servers = settings.bootstrap();
            String registry = settings.registryUrl() != null ? settings.registryUrl() : "http://localhost:8081";
            if (servers == null) {
                out.println("Starting the embedded Kafka broker (KRaft) and schema registry...");
                env = EmbeddedEnvironment.start(settings.kafkaPort(), settings.registryPort(), settings.partitions());
                servers = env.bootstrapServers();
                registry = env.registryUrl();
                out.println("  Kafka broker     " + servers);
                out.println("  Schema registry  " + registry);
            }
            out.println("Starting the application (features + inference)...");
            Map<String, Object> props = new HashMap<>();
            props.put("kafka.bootstrap.servers", servers);
            props.put("ser.pipeline.registry-url", registry);
            props.put("ser.pipeline.partitions", settings.partitions());
            props.put("micronaut.server.port", settings.httpPort());
            props.put("kafka.streams.default.state.dir", Files.createTempDirectory("ser-demo-state").toString());
            if (settings.model() != null) {
                props.put("ser.model.path", settings.model().toAbsolutePath().toString());
            }
            props.putAll(settings.overrides());
            ApplicationContext app = SerStreamsApplication.start(props);
            awaitRunning(app.getBean(KafkaStreams.class), Duration.ofSeconds(60));
            return new EmbeddedDemo(env, app, servers, registry);
        } catch (IOException e) {
            if (env != null) {
                env.close();
            }
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (env != null) {
                env.close();
            }
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The embedded environment (broker and registry), or null when the demo runs against a given cluster. */
    public EmbeddedEnvironment environment() {
        return env;
    }

    public String registryUrl() {
        return registryUrl;
    }

    public ApplicationContext application() {
        return app;
    }

    /** The port the application's HTTP API is served on. */
    public int httpPort() {
        return app.getBean(io.micronaut.runtime.server.EmbeddedServer.class).getPort();
    }

    public SchemaRegistryClient registry() {
        return app.getBean(SchemaRegistryClient.class);
    }

    /** Replays {@code calls} into audio.chunks at {@code speed} (0: at once); returns when all are sent. */
    public void replay(List<CallRecording> calls, double speed, CallReplayer.Progress progress) throws InterruptedException {
        ConfluentAvroSerializer<AudioChunk> serializer = new ConfluentAvroSerializer<>(registry());
        serializer.configure(Map.of(), false);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(bootstrapServers), new StringSerializer(),
                new ByteArraySerializer())) {
            new CallReplayer(producer, serializer, EventTopic.AUDIO_CHUNKS.topicName()).replay(calls, speed, progress);
        }
    }

    /** An idempotent producer's settings for chunks. */
    public static Map<String, Object> producerProps(String bootstrap) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.MAX_BLOCK_MS_CONFIG, 30000);
    }

    /** Waits until {@code streams} runs; fails when it stops or {@code timeout} passes first. */
    public static void awaitRunning(KafkaStreams streams, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING
                    || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the streams application did not start: state " + streams.state());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the streams application started", e);
            }
        }
    }

    @Override
    public void close() {
        app.close();
        if (env != null) {
            env.close();
        }
    }
}
