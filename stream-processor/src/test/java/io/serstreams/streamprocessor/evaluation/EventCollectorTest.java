package io.serstreams.streamprocessor.evaluation;

import io.serstreams.schema.EmotionEvent;
import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.registry.CachingSchemaRegistryClient;
import io.serstreams.schemas.registry.RegistryClientConfig;
import io.serstreams.schemas.registry.RestSchemaRegistryClient;
import io.serstreams.schemas.registry.SchemaRegistryClient;
import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.serde.ConfluentAvroSerializer;
import io.serstreams.schemas.testkit.SharedKafkaCluster;
import io.serstreams.schemas.testkit.TestRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The collector on the test broker: it waits for a pipeline that is slow to start, and counts each segment once. */
class EventCollectorTest {
    @Test
    void eventsThatComeLongAfterTheReplayAreStillCollectedAndARedeliveredOneCountsOnce() throws Exception {
        String topic = EventTopic.EMOTION_EVENTS.topicName();
        SharedKafkaCluster.createTopics(4, topic);
        String call = SharedKafkaCluster.uniqueName("collect");
        try (SchemaRegistryServer server = TestRegistry.start()) {
            SchemaRegistryClient registry = new CachingSchemaRegistryClient(new RestSchemaRegistryClient(
                    RegistryClientConfig.fromProperties(Map.of("schema.registry.url", server.url()))));
            try (EventCollector collector = new EventCollector(SharedKafkaCluster.bootstrapServers(), registry, Set.of(call));
                 KafkaProducer<String, EmotionEvent> producer = new KafkaProducer<>(SharedKafkaCluster.clientProps(), new StringSerializer(),
                         new ConfluentAvroSerializer<>(registry))) {
                Thread late = new Thread(() -> {
                    try {
                        // Longer than the quiet time: the old collector gave up before the first event.
                        Thread.sleep(1500);
                    } catch (InterruptedException e) {
                        return;
                    }
                    EmotionEvent first = ClipReadingsTest.event(call, 0, 0, 1920, null, 1f, 0f, 0f, 0f);
                    producer.send(new ProducerRecord<>(topic, call, first));
                    producer.send(new ProducerRecord<>(topic, call, first));
                    producer.send(new ProducerRecord<>(topic, call, ClipReadingsTest.event(call, 1, 1920, 3840, null, 0f, 1f, 0f, 0f)));
                    producer.send(new ProducerRecord<>(topic, "another-call", ClipReadingsTest.event("another-call", 0, 0, 1920, null, 1f, 0f, 0f, 0f)));
                    producer.flush();
                });
                late.start();
                List<EmotionEvent> events = collector.drain(Duration.ofMillis(500), Duration.ofSeconds(60));
                late.join();

                assertThat(events).extracting(EmotionEvent::getSegmentIndex).containsExactlyInAnyOrder(0, 1);
                assertThat(events).allSatisfy(e -> assertThat(e.getCallId()).isEqualTo(call));
            }
        }
    }
}
