package io.serstreams.featureextractor.topology;

import io.serstreams.featureextractor.features.ChannelFeatureExtractor;
import io.serstreams.featureextractor.features.FeatureConfig;
import io.serstreams.featureextractor.features.Segment;
import io.serstreams.featureextractor.testing.Signals;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.AudioEncoding;
import io.serstreams.schema.SegmentFeatures;
import io.serstreams.schemas.registry.RegistryClientConfig;
import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.serde.ConfluentAvroDeserializer;
import io.serstreams.schemas.serde.ConfluentAvroSerde;
import io.serstreams.schemas.testkit.SharedKafkaCluster;
import io.serstreams.schemas.testkit.TestRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature topology on a real KRaft broker with exactly-once processing: a call survives the
 * application being stopped halfway and its local state wiped, restored from the changelogs alone.
 */
class FeatureTopologyIntegrationTest {
    private static final int RATE = 8000;
    private static final FeatureConfig FEATURES = FeatureConfig.DEFAULT.withSegments(96, 96);

    @TempDir
    Path stateDir;

    @Test
    void aCallSurvivesARestartWithItsLocalStateWiped() throws Exception {
        SharedKafkaCluster.createTopics(2, "audio.chunks", "audio.segments", "audio.chunks.dlq");
        String applicationId = SharedKafkaCluster.uniqueName("features");
        float[] audio = Signals.concat(Signals.voice(150, RATE * 3, RATE, 11), new float[RATE / 2], Signals.voice(190, RATE * 2, RATE, 12));
        List<AudioChunk> call = CallChunks.of("kraft-call", 1, audio, RATE, 200, AudioEncoding.FLOAT32LE);
        int cut = call.size() / 2 + 7;

        try (SchemaRegistryServer registry = TestRegistry.start();
             KafkaProducer<String, byte[]> producer = producer()) {
            Map<String, Object> serdeConfig = Map.of(RegistryClientConfig.URL, registry.url());
            ConfluentAvroSerde<AudioChunk> chunkSerde = ConfluentAvroSerde.specific(AudioChunk.class).configured(serdeConfig, false);

            KafkaStreams first = start(applicationId, serdeConfig);
            for (AudioChunk chunk : call.subList(0, cut)) {
                producer.send(new ProducerRecord<>("audio.chunks", chunk.getCallId(), chunkSerde.serializer().serialize("audio.chunks", chunk)));
            }
            producer.send(new ProducerRecord<>("audio.chunks", "kraft-call", new byte[]{1, 2, 3, 4, 5, 6})).get();
            List<SegmentFeatures> segments = new ArrayList<>(readSegments(serdeConfig, events -> events.size() >= 2));
            first.close(Duration.ofSeconds(30));
            first.cleanUp(); // local state gone: the stores must come back from their changelogs

            KafkaStreams second = start(applicationId, serdeConfig);
            for (AudioChunk chunk : call.subList(cut, call.size())) {
                producer.send(new ProducerRecord<>("audio.chunks", chunk.getCallId(), chunkSerde.serializer().serialize("audio.chunks", chunk)));
            }
            producer.flush();
            List<SegmentFeatures> all = readSegments(serdeConfig, events -> !events.isEmpty() && events.get(events.size() - 1).getEndOfCall());
            second.close(Duration.ofSeconds(30));

            List<Segment> offline = ChannelFeatureExtractor.segmentsOf(audio, RATE, FEATURES);
            assertThat(all.stream().map(e -> e.getSegmentIndex() + "@" + e.getStartSample()).toList())
                    .isEqualTo(offline.stream().map(o -> o.index() + "@" + o.startSample()).toList());
            for (int i = 0; i < offline.size(); i++) {
                assertThat(SegmentFeaturesMapper.values(all.get(i).getLogMel())).containsExactly(offline.get(i).logMel());
            }
            assertThat(segments).isNotEmpty();

            List<ConsumerRecord<String, byte[]>> dead = readDeadLetters();
            assertThat(dead).singleElement().satisfies(r ->
                    assertThat(new String(r.headers().lastHeader(FeatureTopology.HEADER_REASON).value(), StandardCharsets.UTF_8)).isEqualTo("BAD_MAGIC_BYTE"));
        }
    }

    private KafkaStreams start(String applicationId, Map<String, Object> serdeConfig) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaCluster.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        // Streams does not leave its group on close: a short session lets the restarted instance take over quickly.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
        ConfluentAvroDeserializer<AudioChunk> chunks = new ConfluentAvroDeserializer<>(null, AudioChunk.class);
        chunks.configure(serdeConfig, false);
        KafkaStreams streams = new KafkaStreams(FeatureTopology.build(FeatureTopologyConfig.DEFAULT.withFeatures(FEATURES), chunks,
                ConfluentAvroSerde.specific(SegmentFeatures.class).configured(serdeConfig, false)), props);
        streams.start();
        return streams;
    }

    private static KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = new HashMap<>(SharedKafkaCluster.clientProps());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static Map<String, Object> consumerProps() {
        Map<String, Object> props = new HashMap<>(SharedKafkaCluster.clientProps());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, SharedKafkaCluster.uniqueName("reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    private static List<SegmentFeatures> readSegments(Map<String, Object> serdeConfig, Predicate<List<SegmentFeatures>> done) {
        List<SegmentFeatures> events = new ArrayList<>();
        try (KafkaConsumer<String, SegmentFeatures> consumer = new KafkaConsumer<>(consumerProps(), new StringDeserializer(),
                ConfluentAvroSerde.specific(SegmentFeatures.class).configured(serdeConfig, false).deserializer())) {
            consumer.subscribe(List.of("audio.segments"));
            long deadline = System.currentTimeMillis() + 60_000;
            while (!done.test(events) && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(r.value()));
            }
        }
        assertThat(done.test(events)).as("segments arrived in time: " + events.size()).isTrue();
        return events;
    }

    private static List<ConsumerRecord<String, byte[]>> readDeadLetters() {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps(), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("audio.chunks.dlq"));
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && records.isEmpty()) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
