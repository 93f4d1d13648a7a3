package io.serstreams.schemas.serde;

import io.serstreams.schema.AudioChunk;
import io.serstreams.schemas.registry.RegistryClientConfig;
import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.testkit.SampleEvents;
import io.serstreams.schemas.testkit.SharedKafkaCluster;
import io.serstreams.schemas.testkit.TestRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Through a real KRaft broker: an AudioChunk produced with the serde is consumed back equal. */
class AudioChunkKafkaRoundTripTest {

    @Test
    void audioChunksSurviveAProduceConsumeRoundTrip() throws Exception {
        String topic = SharedKafkaCluster.uniqueName("audio.chunks");
        SharedKafkaCluster.createTopics(3, topic);
        List<AudioChunk> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(SampleEvents.audioChunk("call-" + (i % 4), i / 4));
        }
        try (SchemaRegistryServer registry = TestRegistry.start()) {
            Map<String, Object> serdeConfig = Map.of(RegistryClientConfig.URL, registry.url());

            Map<String, Object> producerProps = new HashMap<>(SharedKafkaCluster.clientProps());
            producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, AudioChunk> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                    ConfluentAvroSerde.specific(AudioChunk.class).configured(serdeConfig, false).serializer())) {
                for (AudioChunk chunk : sent) {
                    producer.send(new ProducerRecord<>(topic, chunk.getCallId(), chunk)).get();
                }
            }

            Map<String, Object> consumerProps = new HashMap<>(SharedKafkaCluster.clientProps());
            consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, SharedKafkaCluster.uniqueName("round-trip"));
            consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<ConsumerRecord<String, AudioChunk>> received = new ArrayList<>();
            try (KafkaConsumer<String, AudioChunk> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                    ConfluentAvroSerde.specific(AudioChunk.class).configured(serdeConfig, false).deserializer())) {
                consumer.subscribe(List.of(topic));
                long deadline = System.currentTimeMillis() + 30_000;
                while (received.size() < sent.size() && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                }
            }

            assertThat(received).hasSameSizeAs(sent);
            assertThat(received).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getCallId()));
            assertThat(received.stream().map(ConsumerRecord::value).toList()).containsExactlyInAnyOrderElementsOf(sent);
            // Keyed by call id: each call's chunks stay on one partition, in order.
            Map<String, List<Long>> sequenceByCall = new HashMap<>();
            received.forEach(r -> sequenceByCall.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value().getSequenceNumber()));
            sequenceByCall.values().forEach(seq -> assertThat(seq).isSorted());
        }
    }
}
