package io.serstreams.streamprocessor.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schemas.EventTopic;
import io.serstreams.schemas.registry.RegistryClientConfig;
import io.serstreams.schemas.serde.ConfluentAvroSerde;
import io.serstreams.schemas.testkit.SampleEvents;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo's own launcher: a real in-process KRaft broker plus registry, started and stopped cleanly. */
class EmbeddedEnvironmentTest {

    @Test
    void startsServesAndCleansUp() throws Exception {
        Path dataDir;
        try (EmbeddedEnvironment env = EmbeddedEnvironment.start(0, 0, 2)) {
            dataDir = env.broker().dataDir();
            assertThat(dataDir).isDirectory();
            assertThat(env.topics()).containsEntry("audio.chunks", 2).containsKeys(
                    java.util.Arrays.stream(EventTopic.values()).map(EventTopic::topicName).toArray(String[]::new));

            // The registry answers as Confluent's API reference says.
            HttpClient http = HttpClient.newHttpClient();
            ObjectMapper json = new ObjectMapper();
            JsonNode subjects = json.readTree(http.send(HttpRequest.newBuilder(URI.create(env.registryUrl() + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(subjects.isArray()).isTrue();
            assertThat(subjects.toString()).contains("\"audio.chunks-value\"", "\"emotion.events-value\"", "\"emotion.alerts-value\"");
            HttpResponse<String> byId = http.send(HttpRequest.newBuilder(URI.create(env.registryUrl() + "/schemas/ids/1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(byId.statusCode()).isEqualTo(200);
            assertThat(json.readTree(byId.body()).path("schema").asText()).startsWith("{\"type\":\"record\"");

            // And the broker carries events through the serde.
            AudioChunk chunk = SampleEvents.audioChunk("embedded-call", 0);
            Map<String, Object> serdeConfig = Map.of(RegistryClientConfig.URL, env.registryUrl());
            try (KafkaProducer<String, AudioChunk> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers()), new StringSerializer(),
                    ConfluentAvroSerde.specific(AudioChunk.class).configured(serdeConfig, false).serializer())) {
                producer.send(new ProducerRecord<>("audio.chunks", chunk.getCallId(), chunk)).get();
            }
            List<AudioChunk> received = new ArrayList<>();
            try (KafkaConsumer<String, AudioChunk> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "embedded-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                    ConfluentAvroSerde.specific(AudioChunk.class).configured(serdeConfig, false).deserializer())) {
                consumer.subscribe(List.of("audio.chunks"));
                long deadline = System.currentTimeMillis() + 30_000;
                while (received.isEmpty() && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
                }
            }
            assertThat(received).containsExactly(chunk);
        }
        assertThat(Files.exists(dataDir)).as("data directory removed on close").isFalse();
    }

    @Test
    void aTakenPortFailsWithAMessageSayingSo() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(taken.getLocalPort(), Map.of()))
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use");
        }
    }
}
