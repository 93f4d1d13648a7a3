package io.serstreams.streamprocessor.cli;

import io.serstreams.schema.AudioChunk;
import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.registry.CachingSchemaRegistryClient;
import io.serstreams.schemas.registry.RegistryClientConfig;
import io.serstreams.schemas.registry.RestSchemaRegistryClient;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.serde.ConfluentAvroSerializer;
import io.serstreams.streamprocessor.replay.CallRecording;
import io.serstreams.streamprocessor.replay.CallReplayer;
import io.serstreams.streamprocessor.replay.ProgressBars;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ser replay}: archived calls into {@code audio.chunks}, paced like live calls. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay WAV or FLAC recordings (mono, or stereo: agent left, customer right) into audio.chunks as live calls; "
                + "the call id is the file name.")
final class ReplayCommand implements Callable<Integer> {
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
        SchemaRegistryClient registry = new CachingSchemaRegistryClient(new RestSchemaRegistryClient(
                RegistryClientConfig.fromProperties(Map.of("schema.registry.url", registryUrl))));
        ConfluentAvroSerializer<AudioChunk> serializer = new ConfluentAvroSerializer<>(registry);
        serializer.configure(Map.of(), false);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(io.serstreams.streamprocessor.embedded.EmbeddedDemo.producerProps(bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            System.err.printf("replaying %d call(s) to %s at %s%n", calls.size(), bootstrap, speed == 0 ? "full speed" : speed + "x real time");
            new CallReplayer(producer, serializer, EventTopic.AUDIO_CHUNKS.topicName())
                    .replay(calls, speed, new ProgressBars(System.err, System.console() != null));
        }
        System.err.printf("sent %d call(s)%n", calls.size());
        return 0;
    }
}
