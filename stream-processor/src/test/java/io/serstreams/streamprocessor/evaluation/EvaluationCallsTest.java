package io.serstreams.streamprocessor.evaluation;

import io.serstreams.featureextractor.features.TelephoneLine;
import io.serstreams.schema.AudioChunk;
import io.serstreams.schema.AudioEncoding;
import io.serstreams.schema.DeclaredDomain;
import io.serstreams.streamprocessor.replay.WavFileWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Calls of labelled clips: one per speaker, clips apart by the pause, spans where the audio is, chunks as the line sends them. */
class EvaluationCallsTest {
    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;

    private LabelledClip clip(String name, String speaker, double seconds, int rate) {
        Path file = dir.resolve(name + ".wav");
        float[] tone = new float[(int) (seconds * rate)];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 220 * i / rate));
        }
        WavFileWriter.write(file, rate, new float[][] {tone}, false);
        return new LabelledClip(file, speaker, "angry");
    }

    @Test
    void eachSpeakerIsOneCallWithItsClipsApartByThePause() {
        List<LabelledClip> clips = List.of(clip("a", "Speaker 1", 1.0, 16000), clip("b", "2", 2.0, 16000), clip("c", "Speaker 1", 0.5, 8000));
        List<EvaluationCall> calls = EvaluationCalls.assemble(clips, new EvaluationCalls.Layout(TelephoneLine.WIDEBAND, 2.5, 7, 200), "eval-r", null, START);
        assertThat(calls).extracting(EvaluationCall::callId).containsExactly("eval-r-2", "eval-r-speaker-1");
        EvaluationCall first = calls.get(1);
        assertThat(first.spans()).extracting(s -> s.clip().speaker()).containsOnly("Speaker 1");
        // Pause, clip, pause, clip, pause; a clip at 8 kHz is resampled to the call's 16 kHz, so it keeps its length in time.
        assertThat(first.spans().get(0).startMs()).isEqualTo(2500);
        long firstLength = first.spans().get(0).endMs() - first.spans().get(0).startMs();
        assertThat(first.spans().get(1).startMs()).isEqualTo(first.spans().get(0).endMs() + 2500);
        assertThat(firstLength + first.spans().get(1).endMs() - first.spans().get(1).startMs()).isEqualTo(1500);
        assertThat(first.recording().durationSeconds()).isEqualTo(1.5 + 3 * 2.5);
        List<AudioChunk> chunks = first.recording().channels().get(0);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.getEncoding()).isEqualTo(AudioEncoding.PCM16LE);
            assertThat(c.getSampleRate()).isEqualTo(16000);
            assertThat(c.getDeclaredDomain()).isNull();
        });
        assertThat(chunks.get(chunks.size() - 1).getEndOfCall()).isTrue();
    }

    @Test
    void theOrderOfClipsFollowsTheSeed() {
        List<LabelledClip> clips = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clips.add(clip("c" + i, "s", 0.2, 16000));
        }
        EvaluationCalls.Layout one = new EvaluationCalls.Layout(TelephoneLine.WIDEBAND, 2.0, 1, 200);
        List<Path> order = EvaluationCalls.assemble(clips, one, "p", null, START).get(0).spans().stream().map(s -> s.clip().file()).toList();
        assertThat(EvaluationCalls.assemble(clips, one, "p", null, START).get(0).spans().stream().map(s -> s.clip().file()).toList()).isEqualTo(order);
        assertThat(EvaluationCalls.assemble(clips, new EvaluationCalls.Layout(TelephoneLine.WIDEBAND, 2.0, 2, 200), "p", null, START).get(0).spans()
                .stream().map(s -> s.clip().file()).toList()).isNotEqualTo(order).containsExactlyInAnyOrderElementsOf(order);
    }

    @Test
    void overATelephoneLineTheCallIsG711At8kHzAndDeclaresItsDomain() {
        DeclaredDomain domain = DeclaredDomain.newBuilder().setTenant("emodb").build();
        EvaluationCall call = EvaluationCalls.assemble(List.of(clip("a", "s", 1.0, 16000)), new EvaluationCalls.Layout(TelephoneLine.MU_LAW, 2.0, 1, 200),
                "p", domain, START).get(0);
        assertThat(call.recording().channels().get(0)).allSatisfy(c -> {
            assertThat(c.getEncoding()).isEqualTo(AudioEncoding.MULAW);
            assertThat(c.getSampleRate()).isEqualTo(8000);
            assertThat(c.getDeclaredDomain()).isEqualTo(domain);
        });
        assertThat(call.spans().get(0).endMs() - call.spans().get(0).startMs()).isEqualTo(1000);
    }

    @Test
    void aSegmentGoesToTheClipItOverlapsMost() {
        EvaluationCall call = EvaluationCalls.assemble(List.of(clip("a", "s", 1.0, 16000), clip("b", "s", 1.0, 16000)),
                new EvaluationCalls.Layout(TelephoneLine.WIDEBAND, 2.0, 1, 200), "p", null, START).get(0);
        assertThat(call.clipOf(1500, 3420)).isEqualTo(call.spans().get(0));
        assertThat(call.clipOf(4500, 6420)).isEqualTo(call.spans().get(1));
        assertThat(call.clipOf(3100, 4900)).isNull();
    }

    @Test
    void aClipThatIsNoAudioFailsNamingTheFile() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.wav"), "not a wav");
        assertThatThrownBy(() -> EvaluationCalls.assemble(List.of(new LabelledClip(bad, "s", "sad")), new EvaluationCalls.Layout(TelephoneLine.WIDEBAND, 2.0, 1, 200),
                "p", null, START)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(bad.toString());
    }
}
