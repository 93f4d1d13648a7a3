package io.serstreams.modelserver.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.serstreams.modelserver.cli.ModelServerCli;
import io.serstreams.modelserver.testing.Speech;
import io.serstreams.modelserver.testing.TestBundles;
import io.serstreams.modelserver.testing.Wavs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP service on a real Netty server, with a generated bundle. */
class ModelServiceTest {
    /** Over Micronaut's 10 MiB default buffer size, so a limit that only set max-request-size would fail. */
    static final int LIMIT = 11 * 1024 * 1024;
    @TempDir
    static Path dir;
    static Path bundle;
    static EmbeddedServer server;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        bundle = TestBundles.small(dir.resolve("bundle"));
        server = ModelService.start(Map.of(
                "ser.model.path", bundle.toString(),
                "micronaut.server.port", -1,
                "ser.model.max-upload", "11MB"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String type, byte[] body) throws Exception {
        return send(path, type, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static HttpResponse<String> send(String path, String type, HttpRequest.BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).header("Content-Type", type)
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A 16 kHz mono WAV of silence, exactly {@code bytes} long. */
    private static byte[] silentWavOf(int bytes) {
        return Wavs.pcm16(new float[(bytes - 44) / 2]);
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
        HttpResponse<String> response = post("/v1/classify", "audio/wav", Wavs.pcm16(Speech.voiceFor(160, 16000 * 5, 4)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("type").asText()).isEqualTo("file");
        assertThat(body.path("file").asText()).isEqualTo("upload");
        assertThat(body.path("segments").asInt()).isEqualTo(body.path("segmentResults").size()).isGreaterThan(0);
        assertThat(body.path("emotion").asText()).isIn("neutral", "happy", "angry", "sad");
        assertThat(body.path("segmentResults").get(0).path("arousal").path("score").asDouble()).isBetween(-1.0, 1.0);
    }

    @Test
    void repliesWithTheSameJsonAsTheCommandLine() throws Exception {
        byte[] call = Wavs.stereoCall();
        Path file = dir.resolve("call.wav");
        Files.write(file, call);
        StringWriter out = new StringWriter();
        CommandLine cli = ModelServerCli.commandLine(new ByteArrayInputStream(new byte[0]));
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("classify", "--model", bundle.toString(), file.toString())).isZero();
        List<String> lines = out.toString().lines().toList();
        String fileLine = lines.get(lines.size() - 1);

        HttpResponse<String> response = post("/v1/classify?name=" + file, "audio/wav", call);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // Same text, digits included: the HTTP reply is the command's file line with its segment lines added.
        ObjectNode reply = (ObjectNode) json.readTree(response.body());
        List<String> segments = new ArrayList<>();
        reply.remove("segmentResults").forEach(s -> segments.add(s.toString()));
        assertThat(response.body()).startsWith(fileLine.substring(0, fileLine.length() - 1) + ",\"segmentResults\":[");
        assertThat(reply).isEqualTo(json.readTree(fileLine));
        assertThat(segments).isEqualTo(lines.subList(0, lines.size() - 1).stream().map(l -> {
            try {
                return json.readTree(l).toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList());
        assertThat(reply.path("byChannel").size()).isEqualTo(2);
    }

    @Test
    void refusesWhatItCannotUseWithClear4xx() throws Exception {
        HttpResponse<String> text = post("/v1/classify", "text/plain", "hello".getBytes());
        assertThat(text.statusCode()).isEqualTo(415);
        HttpResponse<String> garbage = post("/v1/classify", "audio/wav", "RIFF....not really".getBytes());
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode error = json.readTree(garbage.body());
        assertThat(error.path("status").asInt()).isEqualTo(400);
        assertThat(error.path("error").asText()).startsWith("upload: ");
        HttpResponse<String> named = post("/v1/classify?name=notes.wav", "audio/wav", "hello".getBytes());
        assertThat(json.readTree(named.body()).path("error").asText()).isEqualTo("notes.wav: unsupported audio format: expected WAV (RIFF/WAVE) or FLAC");
    }

    @Test
    void takesUploadsUpToTheLimitAndRefusesLargerOnesNamingIt() throws Exception {
        // A body of exactly the limit is taken (a WAV of 6 minutes of silence), one byte more is not.
        HttpResponse<String> under = post("/v1/classify", "audio/wav", silentWavOf(LIMIT));
        assertThat(under.statusCode()).as(under.body()).isEqualTo(200);
        assertThat(json.readTree(under.body()).path("reason").asText()).startsWith("no speech found: 360.4 s of digital silence");

        String refusal = "is over the 11.0 MiB (11534336 bytes) limit (about 6.0 minutes of 16 kHz 16-bit mono WAV, 3.0 of stereo): "
                + "send a shorter recording, or raise ser.model.max-upload (SER_MODEL_MAX_UPLOAD)";
        byte[] oneByteOver = Arrays.copyOf(silentWavOf(LIMIT), LIMIT + 1);
        HttpResponse<String> over = post("/v1/classify", "audio/wav", oneByteOver);
        assertThat(over.statusCode()).isEqualTo(413);
        JsonNode error = json.readTree(over.body());
        assertThat(error.path("status").asInt()).isEqualTo(413);
        assertThat(error.path("error").asText()).isEqualTo("an upload of 11.0 MiB (11534337 bytes) " + refusal);

        // Sent in chunks, without a length up front: refused as it arrives, with the same reason.
        HttpResponse<String> streamed = send("/v1/classify", "audio/wav",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oneByteOver)));
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(json.readTree(streamed.body()).path("error").asText()).endsWith(refusal);
    }

    @Test
    void reportsHealthAndMetrics() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode status = json.readTree(health.body());
        assertThat(status.path("status").asText()).isEqualTo("UP");
        assertThat(status.path("details").path("model").path("details").path("version").asText()).startsWith("0.0.0-untrained");

        post("/v1/classify", "audio/wav", Wavs.pcm16(Speech.voiceFor(140, 16000 * 3, 5)));
        String metrics = get("/prometheus").body();
        assertThat(metrics).contains("ser_inference_latency_seconds_bucket", "ser_inference_batch_size_count", "ser_inference_segments_total");
    }
}
