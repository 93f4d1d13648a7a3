package io.serstreams.schemas.testkit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared broker is the one this machine can run (a container with Docker, else the KRaft test kit), and it carries records. */
class KafkaTestFixtureTest {

    @Test
    void theSharedBrokerMatchesTheMachineAndCarriesRecords() throws Exception {
        boolean docker = ContainerKafka.dockerAvailable();
        String forced = System.getProperty("ser.test.kafka", "");
        String expected = forced.equals("kraft") || forced.isEmpty() && !docker ? "KRaft test kit" : "Testcontainers";
        assertThat(SharedKafkaCluster.description()).startsWith(expected);

        String topic = SharedKafkaCluster.uniqueName("fixture");
        SharedKafkaCluster.createTopics(1, topic);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(SharedKafkaCluster.clientProps(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "call-1", "hello")).get();
        }
        Map<String, Object> props = new HashMap<>(SharedKafkaCluster.clientProps());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            long deadline = System.currentTimeMillis() + 20_000;
            while (values.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.key() + "=" + r.value());
                }
            }
        }
        assertThat(values).containsExactly("call-1=hello");
    }
}
