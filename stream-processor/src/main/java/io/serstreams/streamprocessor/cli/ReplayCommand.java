package io.serstreams.streamprocessor.cli;

import io.serstreams.schema.AudioChunk;
import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.errors.ErrorText;
import io.serstreams.schemas.registry.CachingSchemaRegistryClient;
import io.serstreams.schemas.registry.RegistryClientConfig;
import io.serstreams.schemas.registry.RestSchemaRegistryClient;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.serde.ConfluentAvroSerializer;
import io.serstreams.streamprocessor.embedded.EmbeddedDemo;
import io.serstreams.streamprocessor.replay.CallRecording;
import io.serstreams.streamprocessor.replay.CallReplayer;
import io.serstreams.streamprocessor.replay.ProgressBars;
import io.serstreams.streamprocessor.replay.ServiceEndpoint;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ser replay}: archived calls into {@code audio.chunks}, paced like live calls. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay WAV or FLAC recordings (mono, or stereo: agent left, customer right) into audio.chunks as live calls; "
                + "the call id is the file name. The broker and the registry are checked before anything is sent.",
        footerHeading = "%nExamples:%n",
        footer = {"  # one call in real time to localhost:9092 and http://localhost:8081",
                "  ./ser replay call.wav",
                "  # a folder of calls, as fast as the broker takes them",
                "  ./ser replay --speed max --bootstrap kafka:9092 \\",
                "      --registry http://registry:8081 recordings/"})
final class ReplayCommand implements Callable<Integer> {
    /** How long the checks before a replay wait for the broker and the registry to accept a connection. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    @Option(names = "--bootstrap", defaultValue = "localhost:9092", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--registry", defaultValue = "http://localhost:8081", description = "Schema registry URL (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    @Mixin
    ReplayOptions replay = new ReplayOptions();

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Recordings, or folders of them.")
    List<Path> paths;

    @Override
    public Integer call() throws Exception {
        double speed = replay.speedFactor();
        List<CallRecording> calls = replay.load(ReplayOptions.audioFiles(paths));
        SchemaRegistryClient registry = registry();
        ServiceEndpoint.requireOneReachable(ServiceEndpoint.ofHostPorts("Kafka broker", bootstrap), CONNECT_TIMEOUT);
        ConfluentAvroSerializer<AudioChunk> serializer = new ConfluentAvroSerializer<>(registry);
        serializer.configure(Map.of(), false);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(EmbeddedDemo.producerProps(bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            System.err.printf("replaying %d call(s) to %s at %s%n", calls.size(), bootstrap, speed == 0 ? "full speed" : speed + "x real time");
            new CallReplayer(producer, serializer, EventTopic.AUDIO_CHUNKS.topicName())
                    .replay(calls, speed, new ProgressBars(System.err, System.console() != null));
        }
        System.err.printf("sent %d call(s)%n", calls.size());
        return 0;
    }

    /** The registry client, once one of its URLs accepts a connection and answers as a registry. */
    private SchemaRegistryClient registry() {
        RegistryClientConfig config = RegistryClientConfig.fromProperties(Map.of(RegistryClientConfig.URL, registryUrl));
        ServiceEndpoint.requireOneReachable(config.urls().stream().map(url -> ServiceEndpoint.ofUrl("schema registry", url)).toList(), CONNECT_TIMEOUT);
        SchemaRegistryClient client = new CachingSchemaRegistryClient(new RestSchemaRegistryClient(config));
        try {
            client.subjects();
        } catch (RuntimeException e) {
            throw new IllegalStateException("schema registry " + registryUrl + " does not answer as a schema registry: " + ErrorText.of(e), e);
        }
        return client;
    }
}
