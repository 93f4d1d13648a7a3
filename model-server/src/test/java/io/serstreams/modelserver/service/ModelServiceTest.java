package io.serstreams.modelserver.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.serstreams.modelserver.testing.Speech;
import io.serstreams.modelserver.testing.TestBundles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP service on a real Netty server, with a generated bundle. */
class ModelServiceTest {
    @TempDir
    static Path dir;
    static EmbeddedServer server;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        Path bundle = TestBundles.small(dir.resolve("bundle"));
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "ser.model.path", bundle.toString(),
                "micronaut.server.port", -1,
                "micronaut.server.max-request-size", "2MB"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String type, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheManifest() throws Exception {
        HttpResponse<String> response = get("/v1/model");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode manifest = json.readTree(response.body());
        assertThat(manifest.path("name").asText()).isEqualTo("mpgln-test");
        assertThat(manifest.path("labels").path("emotion").toString()).isEqualTo("[\"neutral\",\"happy\",\"angry\",\"sad\"]");
    }

    @Test
    void classifiesAnUpload() throws Exception {
        HttpResponse<String> response = post("/v1/classify", "audio/wav", Speech.wav(Speech.voiceFor(160, 16000 * 5, 4)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("type").asText()).isEqualTo("file");
        assertThat(body.path("segments").asInt()).isEqualTo(body.path("segmentResults").size()).isGreaterThan(0);
        assertThat(body.path("emotion").asText()).isIn("neutral", "happy", "angry", "sad");
        assertThat(body.path("segmentResults").get(0).path("arousal").path("score").asDouble()).isBetween(-1.0, 1.0);
    }

    @Test
    void refusesWhatItCannotUseWithClear4xx() throws Exception {
        HttpResponse<String> text = post("/v1/classify", "text/plain", "hello".getBytes());
        assertThat(text.statusCode()).isEqualTo(415);
        HttpResponse<String> garbage = post("/v1/classify", "audio/wav", "RIFF....not really".getBytes());
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(json.readTree(garbage.body()).path("error").asText()).contains("upload: ");
        HttpResponse<String> huge = post("/v1/classify", "audio/wav", Speech.wav(new float[16000 * 80]));
        assertThat(huge.statusCode()).isEqualTo(413);
    }

    @Test
    void reportsHealthAndMetrics() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode status = json.readTree(health.body());
        assertThat(status.path("status").asText()).isEqualTo("UP");
        assertThat(status.path("details").path("model").path("details").path("version").asText()).startsWith("0.0.0-untrained");

        post("/v1/classify", "audio/wav", Speech.wav(Speech.voiceFor(140, 16000 * 3, 5)));
        String metrics = get("/prometheus").body();
        assertThat(metrics).contains("ser_inference_latency_seconds_bucket", "ser_inference_batch_size_count", "ser_inference_segments_total");
    }
}
