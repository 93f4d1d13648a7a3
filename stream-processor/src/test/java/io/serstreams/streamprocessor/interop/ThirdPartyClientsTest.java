package io.serstreams.streamprocessor.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.audio.SampleEncoder;
import io.serstreams.featureextractor.audio.SampleEncoding;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.AudioEncoding;
import io.serstreams.schema.CallEmotionSummary;
import io.serstreams.schema.Channel;
import io.serstreams.schema.EmotionEvent;
import io.serstreams.schema.LabelProbability;
import io.serstreams.streamprocessor.embedded.EmbeddedDemo;
import io.serstreams.streamprocessor.replay.CallChunker;
import io.serstreams.streamprocessor.replay.CallRecording;
import io.serstreams.streamprocessor.replay.CallReplayer;
import io.serstreams.streamprocessor.testing.CommittedRecords;
import io.serstreams.streamprocessor.testing.SampleCalls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Third-party clients from npm against the embedded application (its own broker and registry):
 * kafkajs reads emotion.events read-committed and @kafkajs/confluent-schema-registry decodes them
 * as the Java reader does; a chunk they produce for a new call becomes its events; the registry
 * client registers and evolves a subject that the script then deletes, softly and permanently.
 * The clients are installed by the build ({@code npm ci} in target/interop-npm); the script's
 * report is kept in target/interop-result.json.
 */
class ThirdPartyClientsTest {
    private static final Path SCRIPT_DIR = Path.of("target/interop-npm").toAbsolutePath();
    private static final int RATE = 16000;

    @Test
    void kafkajsAndTheConfluentRegistryClientWorkWithTheEmbeddedApplication(@TempDir Path dir) throws Exception {
        assertThat(SCRIPT_DIR.resolve("node_modules/@kafkajs/confluent-schema-registry")).as("npm ci of src/test/interop by the build").isDirectory();
        try (EmbeddedDemo demo = EmbeddedDemo.start(new EmbeddedDemo.Settings(null, null, 0, 0, 0, 2, Path.of("../models/mpgln")),
                new PrintStream(OutputStream.nullOutputStream()))) {
            String replayed = "interop-replayed-call";
            demo.replay(List.of(recording(replayed, SampleCalls.stereoCall(2, 11))), 0, CallReplayer.Progress.NONE);
            CommittedRecords.read(demo.bootstrapServers(), demo.registry(), "emotion.call-summary", CallEmotionSummary.class, replayed,
                    l -> l.stream().filter(CallEmotionSummary::getFinal$).map(s -> s.getChannel().getIndex()).distinct().count() == 2,
                    Duration.ofSeconds(90), Duration.ZERO);
            List<EmotionEvent> javaEvents = CommittedRecords.read(demo.bootstrapServers(), demo.registry(), "emotion.events", EmotionEvent.class,
                    replayed, l -> true, Duration.ofSeconds(5), Duration.ofSeconds(2));
            assertThat(javaEvents).isNotEmpty();

            String produced = "interop-produced-call";
            Path pcm = dir.resolve("chunk.pcm");
            float[] speech = concat(new float[RATE / 4], SampleCalls.voice(RATE, 2.4, 150, 5), new float[RATE / 2]);
            Files.write(pcm, SampleEncoder.encode(speech, SampleEncoding.of(AudioEncoding.PCM16LE)));

            JsonNode result = runScript(demo.bootstrapServers(), demo.registryUrl(), replayed, javaEvents.size(), produced, pcm, dir.resolve("node.err"));

            assertThat(result.path("decodeFailure").isNull()).as(result.path("decodeFailure").asText()).isTrue();
            assertThat(result.path("chunkSchemaId").asInt()).isEqualTo(demo.registry().latest("audio.chunks-value").id());
            // What kafkajs read committed and the registry client decoded is what the Java reader decodes, event for event.
            assertThat(summaries(result.path("replayed"))).containsExactlyInAnyOrderElementsOf(javaEvents.stream().map(ThirdPartyClientsTest::summary).toList());
            // The chunk the client produced became events of its call, as the Java reader sees them too.
            List<EmotionEvent> producedEvents = CommittedRecords.read(demo.bootstrapServers(), demo.registry(), "emotion.events", EmotionEvent.class,
                    produced, l -> !l.isEmpty(), Duration.ofSeconds(30), Duration.ofSeconds(1));
            assertThat(result.path("produced").size()).isGreaterThanOrEqualTo(1);
            assertThat(summaries(result.path("produced"))).containsExactlyInAnyOrderElementsOf(producedEvents.stream().map(ThirdPartyClientsTest::summary).toList());

            JsonNode registry = result.path("registry");
            assertThat(registry.path("v2").asInt()).isNotEqualTo(registry.path("v1").asInt());
            assertThat(registry.path("lookupV1").asInt()).isEqualTo(registry.path("v1").asInt());
            assertThat(registry.path("decodedOld").path("name").asText()).isEqualTo("old writer");
            assertThat(registry.path("versions").toString()).isEqualTo("[1,2]");
            assertThat(registry.path("breaking").path("is_compatible").asBoolean()).isFalse();
            assertThat(registry.path("invalid").path("status").asInt()).isEqualTo(422);
            assertThat(registry.path("invalid").path("reason").asText()).isEqualTo("Unprocessable Entity");
            assertThat(registry.path("invalid").path("body").path("error_code").asInt()).isEqualTo(42201);
            assertThat(registry.path("invalid").path("body").path("message").asText()).startsWith("Invalid schema: the schema is not valid JSON")
                    .doesNotContainIgnoringCase("jackson");
            assertThat(registry.path("permanentFirst").path("status").asInt()).isEqualTo(404);
            assertThat(registry.path("permanentFirst").path("body").path("error_code").asInt()).isEqualTo(40405);
            assertThat(registry.path("softDelete").toString()).isEqualTo("[1,2]");
            assertThat(registry.path("listedAfterSoft").asBoolean()).isFalse();
            assertThat(registry.path("listedDeletedAfterSoft").asBoolean()).isTrue();
            assertThat(registry.path("v1AfterSoft").asInt()).isEqualTo(200);
            assertThat(registry.path("permanentDelete").toString()).isEqualTo("[1,2]");
            assertThat(registry.path("listedDeletedAfterPermanent").asBoolean()).isFalse();
            assertThat(registry.path("versionsAfterPermanent").path("body").path("error_code").asInt()).isEqualTo(40401);
        }
    }

    private static CallRecording recording(String callId, DecodedAudio audio) {
        Instant start = Instant.now();
        List<List<AudioChunk>> channels = new ArrayList<>();
        for (int c = 0; c < audio.channelCount(); c++) {
            channels.add(CallChunker.chunks(callId, new Channel(c, CallChunker.roleOf(c, audio.channelCount())), audio.channels()[c],
                    audio.sampleRate(), 200, AudioEncoding.PCM16LE, null, start));
        }
        return new CallRecording(callId, audio.durationSeconds(), channels);
    }

    private static float[] concat(float[]... parts) {
        int length = 0;
        for (float[] p : parts) {
            length += p.length;
        }
        float[] out = new float[length];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** An event as the script reports it: channel, segment, label and every class probability (rounded as a float prints). */
    private static String summary(EmotionEvent event) {
        StringBuilder text = new StringBuilder(event.getChannel().getIndex() + "/" + event.getSegmentIndex() + " " + event.getEmotion());
        for (LabelProbability p : event.getProbabilities()) {
            text.append(' ').append(p.getLabel()).append('=').append(String.format("%.5f", p.getProbability()));
        }
        return text.toString();
    }

    private static List<String> summaries(JsonNode events) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            StringBuilder text = new StringBuilder(e.path("channel").asInt() + "/" + e.path("segmentIndex").asInt() + " " + e.path("emotion").asText());
            for (JsonNode p : e.path("probabilities")) {
                text.append(' ').append(p.get(0).asText()).append('=').append(String.format("%.5f", p.get(1).asDouble()));
            }
            out.add(text.toString());
        }
        return out;
    }

    private static JsonNode runScript(String bootstrap, String registryUrl, String replayed, int expected, String produced, Path pcm, Path stderr)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", "interop.mjs", bootstrap, registryUrl, replayed, Integer.toString(expected), produced,
                pcm.toString(), Integer.toString(RATE)).directory(SCRIPT_DIR.toFile());
        builder.environment().put("KAFKAJS_NO_PARTITIONER_WARNING", "1");
        Process process = builder.redirectError(stderr.toFile()).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("node interop.mjs took longer than 180 s:\n" + Files.readString(stderr));
        }
        String out = new String(stdout);
        assertThat(process.exitValue()).as("node interop.mjs failed:\n" + Files.readString(stderr) + out).isZero();
        String errors = Files.readString(stderr);
        String json = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no result from node interop.mjs:\n" + out + errors));
        Files.writeString(SCRIPT_DIR.resolveSibling("interop-result.json"), json);
        return new ObjectMapper().readTree(json);
    }
}
