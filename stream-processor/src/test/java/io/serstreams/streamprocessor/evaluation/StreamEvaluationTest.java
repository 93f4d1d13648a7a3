package io.serstreams.streamprocessor.evaluation;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.featureextractor.audio.SampleEncoding;
import io.serstreams.featureextractor.features.TelephoneLine;
import io.serstreams.modelserver.classify.FileClassifier;
import io.serstreams.modelserver.engine.InferenceEngine;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schemas.registry.server.SchemaRegistryServer;
import io.serstreams.schemas.testkit.SharedKafkaCluster;
import io.serstreams.schemas.testkit.TestRegistry;
import io.serstreams.streamprocessor.embedded.EmbeddedDemo;
import io.serstreams.streamprocessor.replay.WavFileWriter;
import io.serstreams.streamprocessor.testing.SampleCalls;
import io.serstreams.streamprocessor.testing.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ser stream-evaluate's passes on a real KRaft broker with the shipped model: clips of the demo's customer replayed as
 * two callers' calls; without a declared domain every clip is read on the pool's statistics; under a domain the profile
 * takes over midway (events before on the pool, after on the profile), and from the start on the pass after; the pool pass reads
 * every clip as ser classify reads the same call.
 */
class StreamEvaluationTest {
    private static final List<String> LABELS = List.of("neutral", "happy", "angry", "sad");

    @TempDir
    Path dir;

    /** The escalating demo call's customer channel cut into 3 s clips, labelled in turn, spoken by two callers. */
    private List<LabelledClip> clips() {
        DecodedAudio call = AudioFiles.read(SampleCalls.escalatingCall());
        float[] customer = call.channels()[1];
        int piece = 3 * call.sampleRate();
        List<LabelledClip> clips = new ArrayList<>();
        for (int i = 0; (i + 1) * piece <= customer.length; i++) {
            Path file = dir.resolve("clip-" + i + ".wav");
            WavFileWriter.write(file, call.sampleRate(), new float[][] {Arrays.copyOfRange(customer, i * piece, (i + 1) * piece)}, false);
            clips.add(new LabelledClip(file, "caller-" + i % 2, LABELS.get(i % LABELS.size())));
        }
        return clips;
    }

    /** Each clip's reading when ser classify's FileClassifier reads each whole call, decoded from its chunks as the pipeline decodes them. */
    private static Map<Path, String> offlineReadings(InferenceEngine engine, List<EvaluationCall> calls, List<String> classes) {
        FileClassifier classifier = new FileClassifier(engine, 16);
        Map<Path, String> readings = new HashMap<>();
        for (EvaluationCall call : calls) {
            List<AudioChunk> chunks = call.recording().channels().get(0);
            SampleEncoding codec = SampleEncoding.of(chunks.get(0).getEncoding());
            float[] audio = new float[0];
            for (AudioChunk chunk : chunks) {
                byte[] payload = new byte[chunk.getPayload().remaining()];
                chunk.getPayload().duplicate().get(payload);
                float[] samples = codec.decodeMono(payload);
                float[] longer = Arrays.copyOf(audio, audio.length + samples.length);
                System.arraycopy(samples, 0, longer, audio.length, samples.length);
                audio = longer;
            }
            Map<ClipSpan, double[]> sums = new HashMap<>();
            for (FileClassifier.SegmentResult s : classifier.classify(new DecodedAudio(chunks.get(0).getSampleRate(), new float[][] {audio})).segments()) {
                ClipSpan span = call.clipOf(s.segment().startMs(), s.segment().endMs());
                if (span != null && s.prediction().speech().speech()) {
                    double[] sum = sums.computeIfAbsent(span, k -> new double[classes.size()]);
                    for (int c = 0; c < sum.length; c++) {
                        sum[c] += s.prediction().emotionProbabilities()[c];
                    }
                }
            }
            sums.forEach((span, sum) -> {
                int best = 0;
                for (int c = 1; c < sum.length; c++) {
                    best = sum[c] > sum[best] ? c : best;
                }
                readings.put(span.clip().file(), classes.get(best));
            });
        }
        return readings;
    }

    @Test
    void theDomainsProfileTakesOverMidwayAndIsInPlaceOnTheNextPass() throws Exception {
        List<LabelledClip> clips = clips();
        try (SchemaRegistryServer registry = TestRegistry.start()) {
            Map<String, Object> overrides = TestApplication.settings("ser-stream-eval", registry.url());
            overrides.put("ser.profiles.min-speech", "8s");
            overrides.put("ser.profiles.publish-every", "500ms");
            overrides.put("ser.dashboard.enabled", false);
            try (EmbeddedDemo demo = EmbeddedDemo.start(new EmbeddedDemo.Settings(SharedKafkaCluster.bootstrapServers(), registry.url(), 0, 0, -1, 2,
                    Path.of("../models/mpgln"), overrides), new PrintStream(OutputStream.nullOutputStream()))) {
                StreamEvaluation.Settings settings = new StreamEvaluation.Settings("acme", new EvaluationCalls.Layout(TelephoneLine.WIDEBAND, 2.5, 1, 200), 3,
                        Duration.ofSeconds(8), Duration.ofMinutes(3));
                StreamEvaluation.Result result = new StreamEvaluation(demo, new PrintStream(OutputStream.nullOutputStream())).run(clips, settings, LABELS, "mpgln");

                assertThat(result.profileKey()).isEqualTo("tenant=acme");
                assertThat(result.pool().readings()).isNotEmpty().noneMatch(ClipReading::onProfile);
                List<ClipReading> takeover = result.takeover().readings();
                assertThat(takeover).anyMatch(ClipReading::onProfile).anyMatch(r -> !r.onProfile());
                assertThat(takeover).filteredOn(ClipReading::onProfile).extracting(ClipReading::profile).containsOnly("tenant=acme");
                assertThat(result.profile().readings()).hasSize(result.takeover().readings().size()).allMatch(ClipReading::onProfile);

                List<StreamEvaluationReport.Row> rows = StreamEvaluationReport.rows(result);
                // Before and after the takeover partition the scored clips, and each side is compared on the same clips.
                assertThat(rows.get(1).clips() + rows.get(3).clips()).isEqualTo(takeover.size());
                assertThat(rows.get(2).clips()).isEqualTo(rows.get(1).clips());
                assertThat(rows.get(4).clips()).isEqualTo(rows.get(3).clips());
                assertThat(rows).allSatisfy(r -> assertThat(r.macroF1()).hasValueSatisfying(f -> assertThat(f).isBetween(0.0, 1.0)));

                // The stream reads each clip as ser classify reads the same call: the pool pass's readings, clip by clip.
                InferenceEngine engine = demo.application().getBean(InferenceEngine.class);
                Map<Path, String> offline = offlineReadings(engine, EvaluationCalls.assemble(clips, settings.layout(), "offline", null, Instant.now()), LABELS);
                Map<Path, String> streamed = new HashMap<>();
                result.pool().readings().forEach(r -> streamed.put(r.clip().file(), r.predicted()));
                assertThat(streamed).isEqualTo(offline);
            }
        }
    }
}
