package io.serstreams.streamprocessor.replay;

import io.serstreams.featureextractor.audio.AudioFiles;
import io.serstreams.featureextractor.audio.DecodedAudio;
import io.serstreams.streamprocessor.replay.CallScript.Party;
import io.serstreams.streamprocessor.testing.SampleCalls;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo's calls from each source: eSpeak NG for real, a RAVDESS copy in its original layout, and the research corpora where present. */
class DemoCallsTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void synthesisedCallsPutTheAgentLeftTheCustomerRightAndTheEscalatingCustomerGetsLouderAndFaster(@TempDir Path dir) {
        SpeechSynthesiser synthesiser = SpeechSynthesiser.installed();
        CallScript script = SampleCallAssembler.scripts().get(0);
        List<float[]> spoken = synthesiser.speak(script);
        float[][] call = SampleCallAssembler.stereo(script, spoken);
        int gap = (int) (SampleCallAssembler.GAP_SECONDS * 16000);
        int at = gap;
        for (int i = 0; i < spoken.size(); i++) {
            int speaking = script.turns().get(i).party().channel();
            assertThat(rms(call[speaking], at, at + spoken.get(i).length)).as("turn %d heard on its party's channel", i).isGreaterThan(0.02);
            assertThat(rms(call[1 - speaking], at, at + spoken.get(i).length)).as("turn %d silent on the other channel", i).isZero();
            at += spoken.get(i).length + gap;
        }
        List<Integer> customer = IntStream.range(0, spoken.size()).filter(i -> script.turns().get(i).party() == Party.CUSTOMER).boxed().toList();
        int calm = customer.get(0);
        int angry = customer.get(customer.size() - 1);
        assertThat(rms(spoken.get(angry), 0, spoken.get(angry).length)).as("the angry customer's last turn against the first: louder")
                .isGreaterThan(1.5 * rms(spoken.get(calm), 0, spoken.get(calm).length));
        assertThat(spoken.get(angry).length / (double) script.turns().get(angry).line().length())
                .as("samples per character, angry against neutral: faster").isLessThan(spoken.get(calm).length / (double) script.turns().get(calm).line().length());

        List<Path> files = SampleCallAssembler.assemble(synthesiser, dir, QUIET);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("support-call-escalating.wav", "support-call-escalating-telephony.wav", "support-call-friendly.wav");
        DecodedAudio written = AudioFiles.read(files.get(0));
        assertThat(written.sampleRate()).isEqualTo(16000);
        assertThat(written.channelCount()).isEqualTo(2);
        DecodedAudio telephony = AudioFiles.read(files.get(1));
        assertThat(telephony.sampleRate()).isEqualTo(8000);
        assertThat(telephony.channelCount()).isEqualTo(2);
        assertThat(telephony.durationSeconds()).isCloseTo(written.durationSeconds(), Offset.offset(0.05));
    }

    @Test
    void aRavdessCopyInItsOriginalLayoutGivesEachTurnItsClip(@TempDir Path dir) {
        // A stand-in corpus of tones, 48 kHz WAV under the corpus's own names; each clip's length tells which one was used.
        Path corpus = dir.resolve("RAVDESS");
        for (CallScript script : SampleCallAssembler.scripts()) {
            for (int i = 0; i < script.turns().size(); i++) {
                CallScript.Turn turn = script.turns().get(i);
                int actor = script.cast(turn.party()).ravdessActor();
                Path clip = corpus.resolve(String.format(Locale.ROOT, "Actor_%02d/03-01-%02d-%02d-%02d-%02d-%02d.wav", actor, turn.delivery().ravdessEmotion(),
                        turn.delivery().ravdessIntensity(), turn.statement(), turn.repetition(), actor));
                WavFileWriter.write(clip, 48000, new float[][] {SampleCalls.voice(48000, 1.0 + 0.1 * i, 150, i)}, false);
            }
        }
        List<Path> files = DemoCalls.prepare(DemoCalls.voices(corpus, dir.resolve("no-corpora")), dir.resolve("built"), false, QUIET);
        DecodedAudio friendly = AudioFiles.read(files.stream().filter(p -> p.toString().endsWith("support-call-friendly.wav")).findFirst().orElseThrow());
        CallScript script = SampleCallAssembler.scripts().get(1);
        double expected = SampleCallAssembler.GAP_SECONDS;
        for (int i = 0; i < script.turns().size(); i++) {
            expected += 1.0 + 0.1 * i + SampleCallAssembler.GAP_SECONDS;
        }
        assertThat(friendly.sampleRate()).isEqualTo(16000);
        assertThat(friendly.durationSeconds()).isCloseTo(expected, Offset.offset(0.01));
        assertThat(friendly.channels()[0][(int) (16000 * (SampleCallAssembler.GAP_SECONDS + 0.5))]).as("the agent speaks first, on the left").isNotZero();
        assertThat(friendly.channels()[1][(int) (16000 * (SampleCallAssembler.GAP_SECONDS + 0.5))]).isZero();
    }

    @Test
    void builtCallsAreReusedAndRebuiltOnlyWhenAsked(@TempDir Path dir) throws Exception {
        // A corpus without the clips the calls use: building fails, and leaves no half-built folder to be reused.
        Path corpus = Files.createDirectories(dir.resolve("corpus/Actor_21"));
        TurnVoices voices = RavdessTurns.in(corpus.getParent());
        assertThatThrownBy(() -> DemoCalls.prepare(voices, dir.resolve("built"), false, QUIET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lacks Actor_");
        assertThat(dir.resolve("built")).isEmptyDirectory();

        TurnVoices synthesis = SpeechSynthesiser.installed();
        List<Path> first = DemoCalls.prepare(synthesis, dir.resolve("built"), false, QUIET);
        Files.setLastModifiedTime(first.get(0), FileTime.fromMillis(0));
        List<Path> again = DemoCalls.prepare(synthesis, dir.resolve("built"), false, QUIET);
        assertThat(again).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(again.get(0)).toMillis()).as("reused, not rebuilt").isZero();
        DemoCalls.prepare(synthesis, dir.resolve("built"), true, QUIET);
        assertThat(Files.getLastModifiedTime(again.get(0)).toMillis()).as("rebuilt when asked").isGreaterThan(0);
    }

    @Test
    void aMissingOrEmptyCorpusIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> RavdessTurns.in(dir.resolve("nowhere"))).hasMessage("no RAVDESS corpus at " + dir.resolve("nowhere") + ": no such folder");
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> RavdessTurns.in(dir.resolve("empty"))).hasMessageStartingWith("no RAVDESS corpus at " + dir.resolve("empty")
                + ": expected its original layout");
    }

    @Test
    void theResearchCorporaGiveCallsOfTheTestSpeakers() {
        Path corpora = SampleCalls.corpora();
        Assumptions.assumeTrue(RavdessTurns.presentIn(corpora), "no research corpora at " + corpora + ": the corpus source is covered by the stand-in above");
        TurnVoices voices = DemoCalls.voices(null, corpora);
        assertThat(voices.provenance()).startsWith("RAVDESS clips of test speakers");
        DecodedAudio call = AudioFiles.read(SampleCalls.escalatingCall());
        assertThat(call.channelCount()).isEqualTo(2);
        assertThat(call.durationSeconds()).isBetween(25.0, 40.0);
    }

    private static double rms(float[] channel, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += channel[i] * channel[i];
        }
        return Math.sqrt(sum / Math.max(1, to - from));
    }
}
