package io.serstreams.modelserver.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.modelserver.bundle.ModelBundle;
import io.serstreams.modelserver.classify.DomainProfileBuilder;
import io.serstreams.modelserver.engine.EngineOptions;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.modelserver.profile.DomainProfileFile;
import io.serstreams.modelserver.testing.Speech;
import io.serstreams.modelserver.testing.Wavs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** serve-model with a tenant's domain profile: listed at /v1/domain-profiles, applied to uploads that name it, refused by name when unknown. */
class ServedProfilesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void anUploadNamingADomainIsStandardisedByItsProfile() throws Exception {
        Path bundle = Path.of("../models/mpgln");
        Path profileFile = dir.resolve("acme.json");
        // A quiet tenant: the same voice at a tenth of the level, so its own statistics differ from the pool's.
        float[] quiet = Speech.voiceFor(140, 16000 * 20, 9);
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] *= 0.1f;
        }
        try (InferenceEngine engine = InferenceEngine.open(ModelBundle.load(bundle), EngineOptions.cpu())) {
            DomainProfileBuilder builder = new DomainProfileBuilder(engine, 16);
            builder.add(new DecodedAudio(16000, new float[][] {quiet}));
            DomainProfileFile.write(builder.build("acme"), profileFile);
        }
        try (EmbeddedServer server = ModelService.start(Map.of("ser.model.path", bundle.toAbsolutePath().toString(), "micronaut.server.port", -1,
                "ser.model.domain-profiles", List.of(profileFile.toString())))) {
            JsonNode domains = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/v1/domain-profiles")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(domains).hasSize(1);
            assertThat(domains.get(0).path("domain").asText()).isEqualTo("acme");
            assertThat(domains.get(0).path("speechSeconds").asDouble()).isPositive();

            byte[] upload = Wavs.pcm16(java.util.Arrays.copyOf(quiet, 16000 * 6));
            JsonNode pooled = JSON.readTree(post(server, "/v1/classify", upload).body());
            HttpResponse<String> adapted = post(server, "/v1/classify?domain=acme", upload);
            assertThat(adapted.statusCode()).as(adapted.body()).isEqualTo(200);
            JsonNode reading = JSON.readTree(adapted.body());
            assertThat(pooled.path("domainProfile").isNull()).isTrue();
            assertThat(reading.path("domainProfile").path("domain").asText()).isEqualTo("acme");
            assertThat(reading.path("segmentResults").get(0).path("probabilities"))
                    .isNotEqualTo(pooled.path("segmentResults").get(0).path("probabilities"));

            HttpResponse<String> unknown = post(server, "/v1/classify?domain=globex", upload);
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("no domain profile 'globex': the service has [acme]");
        }
    }

    private static HttpResponse<String> post(EmbeddedServer server, String path, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
