package io.serstreams.streamprocessor.app;

import io.micronaut.context.ApplicationContext;
import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.testkit.SharedKafkaCluster;
import io.serstreams.schemas.testkit.TestRegistry;
import io.serstreams.streamprocessor.embedded.EmbeddedDemo;
import io.serstreams.streamprocessor.replay.CallRecording;
import io.serstreams.streamprocessor.replay.CallReplayer;
import io.serstreams.streamprocessor.testing.SampleCalls;
import io.serstreams.streamprocessor.testing.TestApplication;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances share the work by partition; either one's calls API answers for both (interactive queries across instances). */
class CallsAcrossInstancesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ApplicationContext instance(String applicationId, SchemaRegistryServer registry, int port) throws Exception {
        Map<String, Object> props = TestApplication.settings("ser-instance", registry.url());
        // Both instances form one application, each announcing where its calls API answers.
        props.put("kafka.streams.default.application.id", applicationId);
        props.put("kafka.streams.default.application.server", "127.0.0.1:" + port);
        props.put("ser.dashboard.enabled", false);
        props.put("micronaut.server.port", port);
        return SerStreamsApplication.start(props);
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static boolean endedOnBothChannels(String json, String callId) {
        int count = 0;
        for (int at = json.indexOf("\"callId\":\"" + callId + "\""); at >= 0; at = json.indexOf("\"callId\":\"" + callId + "\"", at + 1)) {
            int end = json.indexOf("\"ended\":", at);
            if (end > 0 && json.startsWith("\"ended\":true", end)) {
                count++;
            }
        }
        return count == 2;
    }

    /** A call id per partition of a two-partition topic. */
    private static List<String> oneCallPerPartition() {
        String[] chosen = new String[2];
        for (int i = 0; chosen[0] == null || chosen[1] == null; i++) {
            String id = "spread-call-" + i;
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 2;
            if (chosen[partition] == null) {
                chosen[partition] = id;
            }
        }
        return List.of(chosen);
    }

    @Test
    void eitherInstanceListsTheCallsOfBoth() throws Exception {
        String applicationId = SharedKafkaCluster.uniqueName("ser-two");
        int port1 = freePort();
        int port2 = freePort();
        try (SchemaRegistryServer registry = TestRegistry.start();
             ApplicationContext first = instance(applicationId, registry, port1);
             ApplicationContext second = instance(applicationId, registry, port2)) {
            KafkaStreams a = first.getBean(KafkaStreams.class);
            KafkaStreams b = second.getBean(KafkaStreams.class);
            long deadline = System.currentTimeMillis() + 90_000;
            // Both running, each with a share of the partitions.
            while (System.currentTimeMillis() < deadline && !(a.state() == KafkaStreams.State.RUNNING && b.state() == KafkaStreams.State.RUNNING
                    && a.metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty())
                    && b.metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty()))) {
                Thread.sleep(200);
            }
            List<String> calls = oneCallPerPartition();
            var serializer = new io.serstreams.schemas.serde.ConfluentAvroSerializer<io.serstreams.schema.AudioChunk>(
                    first.getBean(io.serstreams.schemas.registry.SchemaRegistryClient.class));
            serializer.configure(Map.of(), false);
            List<CallRecording> recordings = new ArrayList<>();
            for (String id : calls) {
                recordings.add(CallRecording.load(SampleCalls.friendlyCall(), id, 200, io.serstreams.schema.AudioEncoding.PCM16LE,
                        null, Instant.now()));
            }
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(EmbeddedDemo.producerProps(SharedKafkaCluster.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                new CallReplayer(producer, serializer, "audio.chunks").replay(recordings, 0, CallReplayer.Progress.NONE);
            }
            // The shared test broker's topics may hold other tests' calls too: wait for these two, ended on both channels.
            String local1 = "";
            String local2 = "";
            while (System.currentTimeMillis() < deadline && !(endedOnBothChannels(local1 + local2, calls.get(0)) && endedOnBothChannels(local1 + local2, calls.get(1)))) {
                Thread.sleep(500);
                local1 = get(port1, "/v1/calls?scope=local");
                local2 = get(port2, "/v1/calls?scope=local");
            }
            // Each instance holds one of the calls...
            assertThat(endedOnBothChannels(local1 + local2, calls.get(0)) && endedOnBothChannels(local1 + local2, calls.get(1))).isTrue();
            assertThat(local1.contains(calls.get(0))).isNotEqualTo(local1.contains(calls.get(1)));
            assertThat(local2.contains(calls.get(0))).isNotEqualTo(local2.contains(calls.get(1)));
            // ...and either one lists, and finds, both.
            for (int port : new int[]{port1, port2}) {
                String all = get(port, "/v1/calls");
                assertThat(all).startsWith("200").contains(calls.get(0)).contains(calls.get(1));
                for (String call : calls) {
                    assertThat(get(port, "/v1/calls/" + call)).startsWith("200").contains("\"callId\":\"" + call + "\"");
                }
            }
        }
    }
}
